"""A data version for caches: a one-row table that every write to papers advances.

selectors caches facet counts under the current version, so no write path (import,
undo, relabelling, admin edits, raw SQL) can leave a stale count behind. The bump is
an UPDATE inside the writing transaction, so readers see the new version exactly
when they see the new papers (a sequence would advance before the commit, and a
reader in between would cache the old counts under the new version).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("papers", "0004_admin_imports")]

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE TABLE papers_data_version (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL
                );
                INSERT INTO papers_data_version VALUES (1, 1);
                CREATE FUNCTION papers_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE papers_data_version SET version = version + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;
                -- Once per statement, however many rows it writes.
                CREATE TRIGGER papers_paper_data_version
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON papers_paper
                    FOR EACH STATEMENT EXECUTE FUNCTION papers_bump_data_version();
            """,
            reverse_sql="""
                DROP TRIGGER papers_paper_data_version ON papers_paper;
                DROP FUNCTION papers_bump_data_version();
                DROP TABLE papers_data_version;
            """,
        ),
    ]

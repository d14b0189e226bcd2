"""The data version also names its database: a random id made when the row is.

Version numbers start at 1 in every database, so a cache shared by two databases
(a test database and the portal's, or a database restored from a backup) could
otherwise hand one database's counts to the other.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("papers", "0005_data_version")]

    operations = [
        migrations.RunSQL(
            sql="ALTER TABLE papers_data_version ADD COLUMN instance uuid NOT NULL DEFAULT gen_random_uuid()",
            reverse_sql="ALTER TABLE papers_data_version DROP COLUMN instance",
        ),
    ]

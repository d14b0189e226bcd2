"""Mark papers whose abstract is only a page's one-sentence AI summary.

A trending page's card may carry the AI summary instead of the abstract; when a file
has nothing more, the summary is stored and marked, so the paper page can say so and
the next file with the full abstract replaces it (services.importing). A constant
default: PostgreSQL adds the column without rewriting the table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('papers', '0011_facets_cover_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='paper',
            name='abstract_is_summary',
            field=models.BooleanField(db_default=False, default=False),
        ),
    ]

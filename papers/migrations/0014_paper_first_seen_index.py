"""An index on when papers were first imported: what is new for a followed search."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('papers', '0013_followed_searches'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(fields=['first_seen_at'], name='paper_first_seen_idx'),
        ),
    ]

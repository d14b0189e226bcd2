"""Followed searches: a reader's saved list-page states, the emails sent for them
(DigestEmail, SentPaper: a paper goes out once per search) and feed keys.

Every constraint and index is named in papers/following/models.py with what it serves.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('papers', '0012_paper_abstract_is_summary'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DigestEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sent_at', models.DateTimeField()),
                ('papers', models.PositiveIntegerField()),
                ('message_id', models.CharField(max_length=255)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='digest_emails', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-sent_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='FeedKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.CharField(max_length=16, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='feed_key', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='SavedSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('query', models.CharField(blank=True, default='', max_length=2000)),
                ('email', models.CharField(choices=[('off', 'no email'), ('daily', 'daily'), ('weekly', 'weekly')], default='daily', max_length=8)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_sent_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='saved_searches', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='SentPaper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sent', to='papers.digestemail')),
                ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='papers.paper')),
                ('search', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='sent', to='papers.savedsearch')),
            ],
        ),
        migrations.AddIndex(
            model_name='savedsearch',
            index=models.Index(fields=['email', 'last_sent_at'], name='savedsearch_due_idx'),
        ),
        migrations.AddConstraint(
            model_name='savedsearch',
            constraint=models.UniqueConstraint(fields=('user', 'name'), name='savedsearch_unique_user_name'),
        ),
        migrations.AddConstraint(
            model_name='savedsearch',
            constraint=models.UniqueConstraint(fields=('user', 'query'), name='savedsearch_unique_user_query'),
        ),
        migrations.AddConstraint(
            model_name='savedsearch',
            constraint=models.CheckConstraint(condition=models.Q(('email__in', ['off', 'daily', 'weekly'])), name='savedsearch_email_valid'),
        ),
        migrations.AddConstraint(
            model_name='savedsearch',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='savedsearch_name_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='sentpaper',
            constraint=models.UniqueConstraint(fields=('search', 'paper'), name='sentpaper_unique_search_paper'),
        ),
    ]

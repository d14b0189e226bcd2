"""python manage.py recompute_labels: relabel every paper after topic or dataset rules change."""

from django.core.management.base import BaseCommand

from papers.services.classification import recompute_all


class Command(BaseCommand):
    help = "Apply the current topic and dataset rules to every paper."

    def handle(self, *args, **options):
        result = recompute_all()
        self.stdout.write(f"{result.papers} papers checked, {result.changed} relabelled.")

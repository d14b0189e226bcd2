"""The curated topics and datasets of papers.taxonomy, as editable rows; papers labelled."""

from django.db import migrations


def seed(apps, schema_editor):
    from papers.taxonomy import DATASETS, TOPICS, label_paper

    Topic = apps.get_model("papers", "Topic")
    Dataset = apps.get_model("papers", "Dataset")
    Paper = apps.get_model("papers", "Paper")
    for position, rule in enumerate(TOPICS):
        Topic.objects.update_or_create(
            slug=rule.slug,
            defaults={"name": rule.name, "description": rule.description, "patterns": "\n".join(rule.patterns),
                      "position": position},
        )
    for position, rule in enumerate(DATASETS):
        Dataset.objects.update_or_create(
            slug=rule.slug, defaults={"name": rule.name, "patterns": "\n".join(rule.patterns), "position": position}
        )
    changed = []
    for paper in Paper.objects.only("id", "title", "abstract").iterator(chunk_size=2000):
        paper.topics, paper.datasets = label_paper(paper.title, paper.abstract)
        changed.append(paper)
    Paper.objects.bulk_update(changed, ["topics", "datasets"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("papers", "0002_facets")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

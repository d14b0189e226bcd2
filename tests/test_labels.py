"""Topics and datasets: assigned at import, editable rules, recomputed on demand."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from papers.models import Dataset, Paper, Topic
from papers.services.importing import import_digest
from tests.digests import API_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name)


def test_default_taxonomy_is_seeded():
    from papers.taxonomy import DATASETS, TOPICS

    assert list(Topic.objects.values_list("slug", flat=True)) == [t.slug for t in TOPICS]
    assert Dataset.objects.count() == len(DATASETS)
    assert 20 <= Topic.objects.count() <= 40


def test_import_labels_new_papers(papers):
    rl = Paper.objects.get(arxiv_id="2505.22653")  # "...Noisy Rewards in Learning to Reason", RL post-training
    assert "reinforcement-learning" in rl.topics
    assert Paper.objects.exclude(topics=[]).count() > 0.8 * Paper.objects.count()


def test_changed_rules_apply_after_recompute(papers):
    topic = Topic.objects.create(slug="noisy-rewards", name="Noisy rewards", patterns=r"\bnoisy rewards?\b", position=99)
    assert not Paper.objects.filter(topics__contains=[topic.slug]).exists()
    out = io.StringIO()
    call_command("recompute_labels", stdout=out)
    assert "relabelled" in out.getvalue()
    tagged = Paper.objects.filter(topics__contains=["noisy-rewards"])
    assert list(tagged.values_list("arxiv_id", flat=True)) == ["2505.22653"]
    topic.delete()
    call_command("recompute_labels", stdout=io.StringIO())
    assert not Paper.objects.filter(topics__contains=["noisy-rewards"]).exists()


def test_admin_edit_relabels_and_rejects_bad_rules(client, papers):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(admin)
    topic = Topic.objects.get(slug="reinforcement-learning")
    form = {"slug": topic.slug, "name": topic.name, "description": "", "position": topic.position}
    bad = client.post(f"/admin/papers/topic/{topic.pk}/change/", {**form, "patterns": "(unclosed"})
    assert bad.status_code == 200 and "does not compile" in bad.content.decode()
    response = client.post(f"/admin/papers/topic/{topic.pk}/change/", {**form, "patterns": r"\bNoisy Rewards\b"})
    assert response.status_code == 302
    tagged = Paper.objects.filter(topics__contains=["reinforcement-learning"])
    assert list(tagged.values_list("arxiv_id", flat=True)) == ["2505.22653"]

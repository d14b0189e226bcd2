"""A list row's topic tags: each topic's name, or its slug when the topic has no row (a
topic deleted in the admin stays on the papers until they are relabelled)."""

import pytest
from bs4 import BeautifulSoup

from papers.models import Paper, Topic
from tests.test_bookmark_views import paper  # noqa: F401 (fixture: the 72 sample papers)

pytestmark = pytest.mark.django_db


def _tags(client, pk):
    page = BeautifulSoup(client.get("/", {"page_size": 100}).content, "html.parser")
    card = page.select_one(f"#paper-{pk}").find_parent("article")
    return [(a["href"], a.get_text()) for a in card.select("a.tag")]


def test_tags_show_topic_names_and_a_nameless_slug_as_itself(client, paper):  # noqa: F811
    named = Topic.objects.order_by("position").first()
    Paper.objects.filter(pk=paper.pk).update(topics=[named.slug, "gone-topic"])
    assert _tags(client, paper.pk) == [(f"?topic={named.slug}", named.name), ("?topic=gone-topic", "gone-topic")]

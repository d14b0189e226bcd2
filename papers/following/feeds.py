"""Atom feeds of a member's followed searches, reading lists, the team's saves and the
latest digests, with Django's syndication framework.

Feed readers cannot log in: each address carries the member's feed key
(services.feed_token). A wrong, forged or revoked key is a 404 that says nothing
more. Entries link to the paper's page in Lectern and carry the abstract, the arXiv
and code links and the digest date; every text is escaped by the framework.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from papers.following import queries, services
from papers.following.models import SavedSearch
from papers.models import Bookmark, BookmarkEvent, Digest, Paper

LATEST_DIGESTS = 3  # the "latest papers" feed: the papers of the newest digests


class LecternFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def __call__(self, request, *args, **kwargs):
        user = services.feed_user(kwargs.pop("token"))
        if user is None:
            raise Http404("no such feed")
        request.feed_owner = user
        return super().__call__(request, *args, **kwargs)

    def item_title(self, paper: Paper) -> str:
        return paper.title

    def item_link(self, paper: Paper) -> str:
        return paper.get_absolute_url()

    def item_description(self, paper: Paper) -> str:
        links = [("https://arxiv.org/abs/" + paper.arxiv_id, "arXiv " + paper.arxiv_id)] if paper.arxiv_id else []
        if paper.code_url:
            links.append((paper.code_url, "Code"))
        day = paper.last_listed_on
        listed = f"Listed in the digest of {day:%b} {day.day}, {day.year}."
        return format_html(
            "<p>{}</p><p>{}</p><p>{}</p>",
            paper.abstract,
            format_html_join(" · ", '<a href="{}">{}</a>', links),
            listed,
        )

    def item_pubdate(self, paper: Paper) -> dt.datetime:
        return paper.first_seen_at

    def item_updateddate(self, paper: Paper) -> dt.datetime:
        listed = dt.datetime.combine(paper.last_listed_on, dt.time(), tzinfo=dt.timezone.utc)
        return max(paper.first_seen_at, listed)

    def item_categories(self, paper: Paper) -> list[str]:
        return list(paper.topics)

    def author_name(self) -> str:
        return "Lectern"


class SearchFeed(LecternFeed):
    def get_object(self, request, pk: int) -> SavedSearch:
        # The key's owner reads their own searches' feeds only.
        return get_object_or_404(SavedSearch, pk=pk, user=request.feed_owner)

    def title(self, search: SavedSearch) -> str:
        return f"Lectern: {search.name}"

    def subtitle(self, search: SavedSearch) -> str:
        return f"New papers for the search “{search.name}”"

    def link(self, search: SavedSearch) -> str:
        return f"{reverse('papers:list')}?{search.query}".rstrip("?")

    def items(self, search: SavedSearch) -> list[Paper]:
        return queries.feed_papers(search)


class ReadingListFeed(LecternFeed):
    """A member's reading list: what they saved, newest first (never their notes)."""

    def get_object(self, request, username: str):
        return get_object_or_404(get_user_model(), username=username, is_active=True)

    def title(self, member) -> str:
        return f"Lectern: {member.get_full_name() or member.username}'s reading list"

    def subtitle(self, member) -> str:
        return "Papers saved, newest first"

    def link(self, member) -> str:
        return reverse("papers:member", args=[member.username])

    def items(self, member) -> list[Paper]:
        saved = Bookmark.objects.filter(user=member).select_related("paper").defer("paper__search_vector", "note")
        return [bookmark.paper for bookmark in saved.order_by("-created_at", "-id")[: queries.FEED_SIZE]]


class TeamFeed(LecternFeed):
    """The team's recent saves: one entry per paper, at its latest save."""

    title = "Lectern: the team's recent saves"
    subtitle = "Papers the team saved, newest first"

    def link(self) -> str:
        return reverse("papers:team")

    def items(self) -> list[Paper]:
        events = BookmarkEvent.objects.filter(kind=BookmarkEvent.Kind.SAVED, user__is_active=True).order_by("-at", "-id")
        papers: list[Paper] = []
        seen: set[int] = set()
        for event in events.select_related("paper").defer("paper__search_vector")[: queries.FEED_SIZE * 2]:
            if event.paper_id not in seen:
                seen.add(event.paper_id)
                event.paper.saved_at = event.at
                papers.append(event.paper)
        return papers[: queries.FEED_SIZE]

    def item_updateddate(self, paper: Paper) -> dt.datetime:
        return paper.saved_at


class LatestFeed(LecternFeed):
    """The papers of the newest digests, as they are imported."""

    title = "Lectern: latest papers"
    subtitle = "The papers of the newest digests"

    def link(self) -> str:
        return reverse("papers:list")

    def items(self) -> list[Paper]:
        digests = list(Digest.objects.order_by("-date", "-id").values_list("pk", flat=True)[:LATEST_DIGESTS])
        papers = Paper.objects.defer("search_vector").filter(appearances__digest__in=digests).distinct()
        return list(papers.order_by("-last_listed_on", "-id")[: queries.FEED_SIZE * 2])

    def item_updateddate(self, paper: Paper) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(paper.last_listed_on, dt.time()), dt.timezone.utc)


def feed_urls(user, searches: list[SavedSearch], base: str = "") -> dict:
    """The member's feed addresses (their key in each), or {} without a key."""
    token = services.feed_token(user)
    if token is None:
        return {}
    return {
        "latest": base + reverse("papers:feed-latest", args=[token]),
        "team": base + reverse("papers:feed-team", args=[token]),
        "mine": base + reverse("papers:feed-member", args=[token, user.username]),
        "searches": {s.pk: base + reverse("papers:feed-search", args=[token, s.pk]) for s in searches},
        "token": token,
    }

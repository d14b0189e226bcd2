"""Read queries of the portal, in one place; views only translate requests to calls."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from papers.models import Appearance, Digest, Paper


def paper_list() -> QuerySet[Paper]:
    """Papers newest digest first (served by paper_newest_idx); no search vector loaded."""
    return Paper.objects.defer("search_vector").order_by("-last_listed_on", "-id")


def paper_detail() -> QuerySet[Paper]:
    """Papers with the digests that listed them, newest first, in one extra query."""
    return Paper.objects.defer("search_vector").prefetch_related(
        Prefetch(
            "appearances",
            queryset=Appearance.objects.select_related("digest").order_by("-digest__date", "-digest_id"),
            to_attr="digest_appearances",
        )
    )


def digest_count() -> int:
    return Digest.objects.count()

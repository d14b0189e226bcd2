"""The team page: what the team saves, reads and finishes; never anyone's notes.

Login is required (papers/urls.py wraps the route in login_required): the team is
never public, even when LECTERN_PUBLIC_READING opens the paper list to visitors.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince

from papers import selectors, team_selectors
from papers.following import queries as following_queries

TRENDING_WINDOWS = ((7, "Trending this week", "week"), (30, "Trending this month", "month"))


def team(request):
    trending = [
        {"days": days, "title": title, "slug": slug, "rows": team_selectors.trending(days)}
        for days, title, slug in TRENDING_WINDOWS
    ]
    selectors.attach_savers([paper for window in trending for paper, _ in window["rows"]])
    activity = team_selectors.activity_page(_page_number(request.GET.get("page")))
    now = timezone.now()
    for event in activity.events:
        event.ago = _ago(event.at, now)
    context = {
        "trending": trending,
        "activity": activity,
        "members": team_selectors.members(),
        "followed": following_queries.followed_by_others(request.user),
    }
    return render(request, "papers/team.html", context)


def _page_number(value: str | None) -> int:
    """?page=N; anything that is not a positive whole number is page 1."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return max(number, 1)


def _ago(moment, now) -> str:
    """Relative time in its largest unit: "just now", "5 minutes ago", "3 days ago"."""
    if (now - moment).total_seconds() < 60:
        return "just now"
    return f"{timesince(moment, now, depth=1)} ago"

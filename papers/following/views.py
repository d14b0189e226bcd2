"""Pages of followed searches: follow from the list, the followed-searches page, and
unsubscribing from an email link without logging in.

Thin: every write is a services call on the signed-in reader's own searches (one
getter decides 404 for anyone else's); forms post with CSRF, except the one-click
unsubscribe a mail client posts (RFC 8058), whose signed link is its authority.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from papers.following import queries, services
from papers.following.feeds import feed_urls
from papers.following.models import SavedSearch


def _own_search(request, pk: int) -> SavedSearch:
    """The signed-in reader's search, or 404: another reader's looks like no search at all."""
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


def _back(request, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = default
    return HttpResponseRedirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def followed(request):
    """GET: the reader's followed searches. POST: follow the list page's state."""
    if request.method == "POST":
        query = request.POST.get("query", "")
        try:
            search = services.follow(
                request.user, query, request.POST.get("name", ""), request.POST.get("email", SavedSearch.Email.DAILY)
            )
        except services.FollowError as error:
            messages.error(request, f"Not followed: {error}.")
        else:
            how = "by email " + search.email if search.email != SavedSearch.Email.OFF else "in its feed"
            messages.success(request, f"Following “{search.name}”: its new papers reach you {how}.")
        return _back(request, f"{reverse('papers:list')}?{services.canonical_query(query)}".rstrip("?"))
    searches = queries.searches_of(request.user)
    feeds = feed_urls(request.user, searches, request.build_absolute_uri("/")[:-1])
    for search in searches:
        search.feed_url = feeds.get("searches", {}).get(search.pk)
    return render(
        request,
        "papers/following.html",
        {
            "searches": searches,
            "feeds": feeds,
            "email_choices": SavedSearch.Email.choices,
            "has_address": bool(request.user.email),
        },
    )


@login_required
@require_POST
def change(request, pk: int):
    search = _own_search(request, pk)
    try:
        services.change(search, name=request.POST.get("name"), email=request.POST.get("email"))
    except services.FollowError as error:
        messages.error(request, f"Not changed: {error}.")
    else:
        messages.success(request, f"Saved “{search.name}”.")
    return HttpResponseRedirect(reverse("papers:following") + f"#search-{pk}")


@login_required
@require_POST
def delete(request, pk: int):
    search = _own_search(request, pk)
    services.stop(search)
    messages.success(request, f"Stopped following “{search.name}”.")
    return HttpResponseRedirect(reverse("papers:following"))


@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries no CSRF token: the signed link is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (mail scanners follow links); POST turns the emails off, no log-in needed."""
    try:
        data = signing.loads(token, salt=services.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404("no such link") from None
    if request.method == "POST":
        searches = services.unsubscribe(token)
        return render(request, "papers/unsubscribed.html", {"searches": searches, "done": True})
    searches = SavedSearch.objects.filter(user_id=data["u"], pk__in=data["s"])
    return render(request, "papers/unsubscribed.html", {"searches": searches, "done": False, "token": token})

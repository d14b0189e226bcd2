"""Saving and removing bookmarks: POST only, logged-in only, CSRF-checked.

These routes change data, so they do not use papers.access.reading: they check
login themselves. Without JavaScript a form posts here and is redirected back to
the page it came from (``next``, the full URL, so filters are kept); with
JavaScript the same form is sent by fetch with ``Accept: application/json`` and
gets the new state as JSON.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from papers import selectors
from papers.models import Bookmark, Paper
from papers.services.bookmarks import NOTE_MAX, remove_bookmark, save_bookmark


class BookmarkForm(forms.Form):
    status = forms.ChoiceField(choices=Bookmark.Status.choices, required=False)
    note = forms.CharField(max_length=NOTE_MAX, required=False, strip=True)


def bookmark_route(view):
    """POST only, logged-in users only, and the paper looked up: what both routes share."""

    @require_POST
    @functools.wraps(view)
    def wrapped(request, pk: int):
        refused = _refuse_anonymous(request, pk)
        if refused:
            return refused
        return view(request, get_object_or_404(Paper.objects.only("id", "title"), pk=pk))

    return wrapped


@bookmark_route
def save(request, paper: Paper):
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return HttpResponseBadRequest("Invalid bookmark: " + "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))
    status = form.cleaned_data["status"] or None
    # A form without a note field (the list rows) keeps the note as it is.
    note = form.cleaned_data["note"] if "note" in request.POST else None
    bookmark, created = save_bookmark(request.user, paper, status=status, note=note)
    if _wants_json(request):
        return _state(request, paper, bookmark)
    text = "Saved to your reading list" if created else f"Marked “{bookmark.get_status_display()}”"
    messages.success(request, f"{text}: {paper.title}")
    return redirect(_next(request, paper))


@bookmark_route
def delete(request, paper: Paper):
    removed = remove_bookmark(request.user, paper)
    if _wants_json(request):
        return _state(request, paper, None)
    if removed:
        messages.success(request, f"Removed from your reading list: {paper.title}")
    return redirect(_next(request, paper))


def _refuse_anonymous(request, pk: int):
    if request.user.is_authenticated:
        return None
    if _wants_json(request):
        return JsonResponse({"error": "authentication required"}, status=401)
    # After logging in, come back to the page, not to this POST-only address.
    return redirect_to_login(_next(request, None, pk=pk))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _next(request, paper: Paper | None, *, pk: int | None = None) -> str:
    """The page the form came from, when it is on this site; else the paper's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("papers:detail", args=[paper.pk if paper else pk])


def _state(request, paper: Paper, bookmark: Bookmark | None) -> JsonResponse:
    savers = selectors.savers_for([paper.pk]).get(paper.pk, [])
    return JsonResponse({
        "saved": bookmark is not None,
        "status": bookmark.status if bookmark else None,
        "note_present": bool(bookmark and bookmark.note),
        "savers": [s.as_json() for s in savers],
    })

"""The reader's account page: their address, the key in their feed addresses, and
their API tokens (made, listed and revoked here; a new key is shown once).

Thin: every write is a services call on the signed-in reader's own feed key or
tokens, by POST with CSRF.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from papers.api import tokens
from papers.following import services
from papers.following.feeds import feed_urls
from papers.following.models import SavedSearch


@never_cache  # the page that shows a new key must not be kept by any cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    new_key, token_error = None, None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new-key":
            services.issue_feed_key(request.user)
            messages.success(request, "New feed addresses: the old ones no longer work.")
            return HttpResponseRedirect(reverse("papers:account") + "#feeds")
        if action == "revoke-key":
            services.revoke_feed_key(request.user)
            messages.success(request, "Feed addresses revoked: no feed reader can read yours now.")
            return HttpResponseRedirect(reverse("papers:account") + "#feeds")
        if action == "new-token":
            try:
                token, new_key = tokens.create_token(request.user, request.POST.get("name", ""))
            except tokens.TokenError as error:
                token_error = str(error)
            # No redirect: the key is in this answer only, never in a cookie or the session.
        elif action == "revoke-token":
            pk = request.POST.get("token", "")
            revoked = tokens.revoke_token(request.user, int(pk)) if re.fullmatch(r"[0-9]{1,18}", pk) else None
            if revoked is None:
                messages.error(request, "No such token of yours (revoked already?).")
            else:
                messages.success(request, f"Token “{revoked.name}” revoked: scripts using it get 401 from now on.")
            return HttpResponseRedirect(reverse("papers:account") + "#tokens")
    searches = list(SavedSearch.objects.filter(user=request.user))
    return render(
        request,
        "papers/account.html",
        {
            "feeds": feed_urls(request.user, searches, request.build_absolute_uri("/")[:-1]),
            "tokens": tokens.tokens_of(request.user),
            "new_key": new_key,
            "new_token_name": request.POST.get("name", "") if token_error else "",
            "token_error": token_error,
            "api_base": request.build_absolute_uri("/api/"),
        },
        status=400 if token_error else 200,
    )

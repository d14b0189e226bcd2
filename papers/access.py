"""Who may read: one decorator, applied to every reading route in papers/urls.py.

Reading needs an account unless ``LECTERN_PUBLIC_READING`` is on, in which case
anonymous visitors may use these routes too. They only read (the API views
answer 405 to anything but GET), so that opening is read-only browsing; routes
that change data must not use this decorator. The setting is read per
request, so tests can switch it with the ``settings`` fixture. A refused page
redirects to the log-in page with ``next=``; a refused API request gets a 401
JSON answer, since a script cannot follow a log-in form. Views stay unaware of
access.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import resolve_url


def may_read(request) -> bool:
    if request.user.is_authenticated:
        return True
    return settings.LECTERN_PUBLIC_READING


def reading(view=None, *, api: bool = False):
    """``reading(view)`` for pages, ``reading(view, api=True)`` for JSON endpoints."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if may_read(request):
                return view(request, *args, **kwargs)
            if api:
                response = JsonResponse(
                    {"error": "authentication required", "login_url": resolve_url(settings.LOGIN_URL)},
                    status=401,
                )
                # Session cookies are the only credentials the API accepts.
                response["WWW-Authenticate"] = 'Session realm="Lectern"'
                return response
            return redirect_to_login(request.get_full_path())

        return wrapper

    return decorate(view) if view is not None else decorate

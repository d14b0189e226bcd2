"""Who may read: one decorator, applied to every reading page in papers/urls.py.

Reading needs an account unless ``LECTERN_PUBLIC_READING`` is on, in which case
anonymous visitors may read these pages too; routes that change data must not use
this decorator. The setting is read per request, so tests can switch it with the
``settings`` fixture. A refused page redirects to the log-in page with ``next=``.
The API decides the same way in its own permission (papers.api.permissions.MayRead),
answering 401 JSON, since a script cannot follow a log-in form. Views stay unaware
of access.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def may_read(request) -> bool:
    if request.user.is_authenticated:
        return True
    return settings.LECTERN_PUBLIC_READING


def reading(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if may_read(request):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapper

"""Rate limits per token (or per signed-in reader, or per address when anonymous), on
the shared cache so every server process counts together. Limits: settings
LECTERN_API_RATE (reads) and LECTERN_API_WRITE_RATE (writes); see README."""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling

from papers.api.models import ApiToken


class _PerCaller(throttling.SimpleRateThrottle):
    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting)  # read per request, so a changed setting applies at once

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            who = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            who = f"user-{request.user.pk}"
        else:
            who = f"ip-{self.get_ident(request)}"
        return f"lectern-throttle-{self.scope}-{who}"


class ReadThrottle(_PerCaller):
    scope = "read"
    setting = "LECTERN_API_RATE"

    def allow_request(self, request, view):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class WriteThrottle(_PerCaller):
    scope = "write"
    setting = "LECTERN_API_WRITE_RATE"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

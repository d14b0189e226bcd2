"""API tokens: a script's credentials, one per use, each revocable on its own.

The key is shown once, when it is made; the database keeps its SHA-256 and the first
characters (to recognise it in a list). A key is 256 random bits, so a fast hash is
enough: there is nothing to guess, only a leaked database to make useless.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    # The constraint on (user, name) starts with user, so that key needs no index of its own.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", db_index=False)
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)  # the key's first characters, "lct_AbCd1234"
    digest = models.CharField("SHA-256 of the key", max_length=64, unique=True)  # the lookup: WHERE digest = ...
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)  # to the minute (tokens.LAST_USED_STEP)
    revoked_at = models.DateTimeField(null=True, blank=True)  # revoked tokens stay listed, and never work again

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A reader's live tokens have distinct names; also serves their list (WHERE user_id = ...).
            models.UniqueConstraint(
                fields=["user", "name"], condition=Q(revoked_at__isnull=True), name="apitoken_unique_live_name"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="apitoken_name_not_empty"),
        ]
        indexes = [
            # The account page's list, live and revoked: WHERE user_id = ... ORDER BY created_at DESC.
            models.Index(fields=["user", "-created_at"], name="apitoken_user_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def live(self) -> bool:
        return self.revoked_at is None

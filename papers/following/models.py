"""Followed searches and what was sent for them.

A SavedSearch is a reader's list-page state (query and facets) under a name. Papers
imported after it was followed are new for it; send_digests mails the new ones and
records each (SentPaper) in the transaction that marks the search sent, so a paper
goes out once per search whatever happens to a run. A FeedKey lets feed readers,
which cannot log in, read a member's feeds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q


class SavedSearch(models.Model):
    class Email(models.TextChoices):
        OFF = "off", "no email"
        DAILY = "daily", "daily"
        WEEKLY = "weekly", "weekly"

    # How long after the last email a search is due again (send_digests).
    DUE_AFTER = {Email.DAILY: dt.timedelta(hours=20), Email.WEEKLY: dt.timedelta(days=6.5)}

    # The unique constraints below start with user, so that foreign key needs no index of its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", db_index=False
    )
    name = models.CharField(max_length=100)
    # The list page's state as a query string ("q=diffusion&topic=robotics"): normalised
    # (services.canonical_query), never the page number or size.
    query = models.CharField(max_length=2000, blank=True, default="")
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.DAILY)
    created_at = models.DateTimeField(auto_now_add=True)  # papers imported since are new for it
    last_sent_at = models.DateTimeField(null=True, blank=True)  # the last email with papers of it

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # One name per reader; also serves WHERE user_id = ... ORDER BY name (the page).
            models.UniqueConstraint(fields=["user", "name"], name="savedsearch_unique_user_name"),
            # Following the same state twice would send its papers twice.
            models.UniqueConstraint(fields=["user", "query"], name="savedsearch_unique_user_query"),
            models.CheckConstraint(condition=Q(email__in=["off", "daily", "weekly"]), name="savedsearch_email_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="savedsearch_name_not_empty"),
        ]
        indexes = [
            # send_digests' scan for readers due: WHERE email <> 'off' AND last_sent_at ... (few rows).
            models.Index(fields=["email", "last_sent_at"], name="savedsearch_due_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def due(self, now: dt.datetime) -> bool:
        after = self.DUE_AFTER.get(self.email)
        return after is not None and (self.last_sent_at is None or now - self.last_sent_at >= after)


class DigestEmail(models.Model):
    """One email send_digests sent a reader: who, when, how many papers, its Message-ID."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_emails")
    sent_at = models.DateTimeField()
    papers = models.PositiveIntegerField()
    message_id = models.CharField(max_length=255)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.papers} papers to {self.user_id} at {self.sent_at:%Y-%m-%d %H:%M}"


class SentPaper(models.Model):
    """A paper an email delivered for a search: never again for that search."""

    # The unique constraint below starts with search, so that foreign key needs no index of its own.
    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="sent", db_index=False)
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(DigestEmail, on_delete=models.CASCADE, related_name="sent")

    class Meta:
        constraints = [
            # Once per search and paper; also serves the NOT EXISTS of queries.new_papers.
            models.UniqueConstraint(fields=["search", "paper"], name="sentpaper_unique_search_paper"),
        ]


class FeedKey(models.Model):
    """The key in a member's feed addresses. Only its public half is stored: the URL's
    token is that half with an HMAC of it under SECRET_KEY (services.feed_token), so a
    copy of the database cannot read anyone's feeds. A new key revokes the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key")
    public_id = models.CharField(max_length=16, unique=True)  # random; unique: the feed's lookup
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feed key of {self.user_id}"

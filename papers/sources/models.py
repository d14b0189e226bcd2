"""What Lectern remembers about an address it fetches: the validators its server gave
(for a conditional GET next time) and how the last attempt ended (for the schedule)."""

from __future__ import annotations

from django.db import models


class FetchedSource(models.Model):
    url = models.URLField("URL", max_length=1000, unique=True)  # the lookup: WHERE url = ...
    etag = models.CharField(max_length=500, blank=True, default="")  # sent back as If-None-Match
    last_modified = models.CharField(max_length=100, blank=True, default="")  # sent back as If-Modified-Since
    checked_at = models.DateTimeField(null=True, blank=True)  # the last attempt, whatever came of it
    ok = models.BooleanField(default=False)  # the last attempt reached the server and its file was dealt with
    outcome = models.CharField(max_length=300, blank=True, default="")  # what happened, in words

    class Meta:
        verbose_name = "fetched source"

    def __str__(self) -> str:
        return self.url

"""The history of imports (one ImportRun per attempt, whatever its outcome) and the files
the admin import page keeps between the preview and the confirm step.

Every constraint and index is named, with the invariant or the query it serves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ImportRun(models.Model):
    """One attempt to import one file, successful or not: the import history."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "imported"
        ALREADY_IMPORTED = "already-imported", "already imported"
        INVALID = "invalid", "invalid file"
        FAILED = "failed", "failed"
        UNDONE = "undone", "undone"  # was imported; its digest was removed by an undo

    class Source(models.TextChoices):
        COMMAND = "command", "command line"
        ADMIN = "admin", "admin page"
        API = "api", "API"
        FETCH = "fetch", "fetched"  # fetch_digest, by hand or on the worker's schedule

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=255)
    source_url = models.URLField("source URL", max_length=1000, blank=True, default="")  # where a fetch read it
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    format = models.CharField(max_length=20, blank=True, default="")
    digest_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    digest = models.ForeignKey("papers.Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs")
    papers_found = models.PositiveIntegerField(default=0)
    papers_new = models.PositiveIntegerField(default=0)
    papers_known = models.PositiveIntegerField(default=0)
    # arXiv feeds: new versions of papers Lectern has (announce type replace): counted, nothing changed
    papers_replaced = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{"line", "message", "severity"}]
    # Undo (services.undo) turns an imported run into an undone one, in place: the
    # history keeps one row per file, and "already imported?" (status = 'imported')
    # stops matching, so the same file can be imported again.
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="undone_imports"
    )
    papers_removed = models.PositiveIntegerField(default=0)  # by the undo: papers only this import listed
    papers_kept = models.PositiveIntegerField(default=0)  # by the undo: papers kept for others (other digests)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # An undone run says when it was undone, and only an undone run does.
            models.CheckConstraint(
                condition=Q(status="undone", undone_at__isnull=False) | (~Q(status="undone") & Q(undone_at__isnull=True)),
                name="importrun_undone_at_iff_undone",
            ),
        ]
        indexes = [
            # The history, newest first: ORDER BY started_at DESC.
            models.Index(fields=["-started_at", "-id"], name="importrun_newest_idx"),
            # "Already imported on <date> by <user>": WHERE sha256 = ... AND status = 'imported'.
            models.Index(fields=["sha256"], name="importrun_sha256_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def by(self) -> str:
        """Who ran it, in words: the user, else how it came (runs of the command and fetches have no user)."""
        if self.user is not None:
            return self.user.get_username()
        return {self.Source.COMMAND: "the command line", self.Source.FETCH: "a fetch"}.get(self.source, "—")


class StagedUpload(models.Model):
    """A file uploaded on the admin import page, kept until it is confirmed or expires.

    The preview and the confirm step read the content from here, never from what the
    browser sends back: confirm parses these bytes again.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staged_uploads")
    sha256 = models.CharField("SHA-256", max_length=64)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    # The digest date the administrator gave on the preview (files without a year only).
    digest_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One staged copy per user and content: uploading a file again refreshes it.
            models.UniqueConstraint(fields=["owner", "sha256"], name="stagedupload_unique_owner_sha256"),
        ]
        indexes = [
            # The purge of expired uploads: DELETE ... WHERE expires_at < now().
            models.Index(fields=["expires_at"], name="stagedupload_expires_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"

    @property
    def data(self) -> bytes:
        return bytes(self.content)  # PostgreSQL hands bytea back as a memoryview

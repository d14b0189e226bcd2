"""Papers, the digests that list them, their labels, and bookmarks.

Every constraint and index is named, with the invariant or the query it serves.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

ARXIV_ID_PATTERN = r"^[0-9]{4}\.[0-9]{4,5}$"


class Paper(models.Model):
    """One paper, stored once however many digests list it."""

    title = models.TextField()
    # Case, punctuation and spacing folded (parsing.normalize.title_key): identifies
    # a paper that has no arXiv id, and matches papers across sources.
    title_key = models.TextField(editable=False)
    abstract = models.TextField()
    # The abstract is a page's one-sentence AI summary (a trending page's card), the
    # only text the importing file had; a later file with the full abstract replaces it.
    abstract_is_summary = models.BooleanField(default=False, db_default=False)
    arxiv_id = models.CharField("arXiv id", max_length=16, null=True, blank=True)
    code_url = models.URLField("code", max_length=500, blank=True, default="")
    # The host of code_url ("github.com"), "" without code: the has-code and code-host facets.
    code_host = models.CharField(max_length=64, blank=True, default="", editable=False)
    authors = models.JSONField(default=list, blank=True)
    upvotes = models.PositiveIntegerField(null=True, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    # Dates of the oldest and newest digest listing the paper, kept by the importer:
    # the list is ordered by the newest without joining appearances.
    first_listed_on = models.DateField()
    last_listed_on = models.DateField()
    # Facet values kept on the row, so one scan of the matching papers counts every
    # facet (selectors.facets) and filters are array overlaps served by GIN indexes.
    # listed_on: dates of the digests listing the paper (importer); topics and
    # datasets: slugs assigned by the rules of Topic and Dataset (classification).
    listed_on = ArrayField(models.DateField(), default=list, editable=False)
    topics = ArrayField(models.SlugField(max_length=64), default=list, blank=True)
    datasets = ArrayField(models.SlugField(max_length=64), default=list, blank=True)
    # The topics again as bits (Topic.bit), kept by a trigger whenever topics change
    # (migration 0010): counting topics is then one bit test per topic and row instead
    # of unnesting the array and hashing every (paper, topic) pair.
    topic_bits = models.BigIntegerField(default=0, editable=False)
    # Title weighted above abstract, English stemming; PostgreSQL keeps it current.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("abstract", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        constraints = [
            # One paper per arXiv id (NULLs, papers without an id, are not compared).
            models.UniqueConstraint(fields=["arxiv_id"], name="paper_unique_arxiv_id"),
            # One paper per normalised title among papers without an arXiv id.
            models.UniqueConstraint(
                fields=["title_key"], condition=Q(arxiv_id__isnull=True), name="paper_unique_title_without_id"
            ),
            models.CheckConstraint(
                condition=Q(arxiv_id__isnull=True) | Q(arxiv_id__regex=ARXIV_ID_PATTERN),
                name="paper_arxiv_id_format",
            ),
            models.CheckConstraint(condition=~Q(title_key=""), name="paper_title_key_not_empty"),
            models.CheckConstraint(
                condition=Q(first_listed_on__lte=models.F("last_listed_on")), name="paper_listed_dates_ordered"
            ),
        ]
        indexes = [
            # Full-text search: WHERE search_vector @@ query.
            GinIndex(fields=["search_vector"], name="paper_search_gin"),
            # The importer's match of incoming titles: WHERE title_key IN (...), any id.
            models.Index(fields=["title_key"], name="paper_title_key_idx"),
            # The default list order: ORDER BY last_listed_on DESC, id DESC LIMIT n
            # (and "oldest first", the same index read backwards).
            models.Index(fields=["-last_listed_on", "-id"], name="paper_newest_idx"),
            # Papers imported since a search was followed: WHERE first_seen_at > followed
            # (papers.following.queries: what is new for a search, its email and counts).
            models.Index(fields=["first_seen_at"], name="paper_first_seen_idx"),
            # Sort by title A-Z: ORDER BY title_key, id LIMIT n.
            models.Index(fields=["title_key", "id"], name="paper_title_sort_idx"),
            # Facet filters: WHERE listed_on && ARRAY[...] / topics && ... / datasets && ...
            GinIndex(fields=["listed_on"], name="paper_listed_on_gin"),
            GinIndex(fields=["topics"], name="paper_topics_gin"),
            GinIndex(fields=["datasets"], name="paper_datasets_gin"),
            # Facet counts without a search (selectors.facets._indexed_counts): every column a
            # count part reads, so a part that matches many rows (a broad topic, tested on
            # topic_bits) is an index-only scan of ~80 bytes a paper instead of a table
            # scan. Measured at 100,000 papers: the digest counts under a topic that half
            # the papers have, 41 ms (arrays, table) -> 30 ms (bits, table) -> 14 ms.
            models.Index(
                fields=["topic_bits"], include=["id", "code_host", "listed_on", "datasets"], name="paper_facets_cover"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("papers:detail", args=[self.pk])

    @property
    def arxiv_abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def arxiv_pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else ""


class RuleTag(models.Model):
    """A label assigned to papers by rules over title and abstract."""

    slug = models.SlugField(max_length=64, help_text="used in URLs (?topic=slug); changing it re-labels papers")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
    patterns = models.TextField(
        help_text="One regular expression per line, matched case-insensitively against title and "
        "abstract; a paper gets the label when any line matches. Run `manage.py recompute_labels` "
        "after changing rules (saving here recomputes too)."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="order in the facet list")

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from papers.taxonomy import compile_patterns

        try:
            compile_patterns(self.pattern_lines)
        except ValueError as exc:
            raise ValidationError({"patterns": str(exc)}) from exc

    @property
    def pattern_lines(self) -> list[str]:
        return [line.strip() for line in self.patterns.splitlines() if line.strip()]


class Topic(RuleTag):
    # This topic's bit in Paper.topic_bits: the lowest free one, given by a trigger on
    # insert (migration 0010). A 64th topic and beyond get none, and the topic facet
    # is then counted from the arrays instead.
    bit = models.SmallIntegerField(null=True, blank=True, editable=False)

    class Meta(RuleTag.Meta):
        constraints = [
            # Slugs are the facet values in URLs and in Paper.topics.
            models.UniqueConstraint(fields=["slug"], name="topic_unique_slug"),
            # One topic per bit; 63 bits, so 1 << bit stays a positive bigint.
            models.UniqueConstraint(fields=["bit"], name="topic_unique_bit"),
            models.CheckConstraint(condition=Q(bit__gte=0, bit__lt=63), name="topic_bit_range"),
        ]


class Dataset(RuleTag):
    class Meta(RuleTag.Meta):
        constraints = [
            # Slugs are the facet values in URLs and in Paper.datasets.
            models.UniqueConstraint(fields=["slug"], name="dataset_unique_slug"),
        ]


class Digest(models.Model):
    """One imported digest file."""

    date = models.DateField()
    filename = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    format = models.CharField(max_length=20)
    header = models.TextField(blank=True, default="")  # the page chrome before the first paper
    created_at = models.DateTimeField(auto_now_add=True)
    papers = models.ManyToManyField(Paper, through="Appearance", related_name="digests")

    class Meta:
        ordering = ["-date", "-id"]
        permissions = [
            # The admin's import pages (upload, preview, confirm) and undoing an import.
            ("import_digests", "Can import digests and undo imports"),
        ]
        constraints = [
            # One digest per file content: importing the same bytes again adds nothing.
            models.UniqueConstraint(fields=["sha256"], name="digest_unique_sha256"),
        ]
        indexes = [
            # Digests newest first (list page facet, admin): ORDER BY date DESC.
            models.Index(fields=["-date", "-id"], name="digest_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} ({self.filename})"


class Appearance(models.Model):
    """A paper listed in a digest, at a position (1-based, in file order)."""

    # The unique constraints below start with these columns, so the foreign keys
    # need no index of their own.
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="appearances", db_index=False)
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="appearances", db_index=False)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["digest", "position"]
        constraints = [
            # One appearance per paper and digest; also serves WHERE paper_id = ... (paper page).
            models.UniqueConstraint(fields=["paper", "digest"], name="appearance_unique_paper_digest"),
            # One paper per position; also serves WHERE digest_id = ... ORDER BY position.
            models.UniqueConstraint(fields=["digest", "position"], name="appearance_unique_digest_position"),
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} in {self.digest_id} at {self.position}"


class Bookmark(models.Model):
    """A paper a user saved, with their reading status and a private note.

    Ownership is by construction: the services take the user from the request,
    never from a form. The note is private; only its owner ever sees it.
    """

    class Status(models.TextChoices):
        TO_READ = "to_read", "to read"
        READING = "reading", "reading"
        READ = "read", "read"

    # The unique constraint below starts with user, so that foreign key needs no index of its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks", db_index=False
    )
    # Indexed by bookmark_paper_idx below.
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="bookmarks", db_index=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TO_READ)
    note = models.TextField(blank=True, default="")  # private to the user
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One bookmark per user and paper; also serves WHERE user_id = ... AND paper_id = ...
            # (the save's ON CONFLICT, "my bookmark on this paper").
            models.UniqueConstraint(fields=["user", "paper"], name="bookmark_unique_user_paper"),
            models.CheckConstraint(
                condition=Q(status__in=["to_read", "reading", "read"]), name="bookmark_status_valid"
            ),
        ]
        indexes = [
            # Who saved this: WHERE paper_id = ANY(page ids) (selectors.savers_for, list rows and paper page).
            models.Index(fields=["paper"], name="bookmark_paper_idx"),
            # My reading list, newest save first: WHERE user_id = ... ORDER BY created_at DESC.
            models.Index(fields=["user", "-created_at"], name="bookmark_user_newest_idx"),
            # Team trending: WHERE created_at >= now() - 7 (or 30) days, a small recent slice.
            models.Index(fields=["created_at"], name="bookmark_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.paper_id} ({self.get_status_display()})"


class BookmarkEvent(models.Model):
    """One step of the team's reading: a user saved a paper, or moved it to a status.

    Written by papers.services.bookmarks beside the bookmark itself; the team page
    pages through them newest first. Notes never appear here. Removing a bookmark
    keeps its history (the team did see it saved); deleting the user or the paper
    (an undone import) deletes the events with them.
    """

    class Kind(models.TextChoices):
        SAVED = "saved", "saved"
        STATUS = "status", "status changed"

    # Both foreign keys keep Django's default index: the cascades from a deleted user
    # or paper (an undone import deletes papers) find their events through them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmark_events")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="bookmark_events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Bookmark.Status.choices)  # the status after this step
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["saved", "status"]), name="bookmarkevent_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["to_read", "reading", "read"]), name="bookmarkevent_status_valid"
            ),
        ]
        indexes = [
            # Team activity, newest first, paged: ORDER BY at DESC, id DESC LIMIT n OFFSET m.
            models.Index(fields=["-at", "-id"], name="bookmarkevent_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.paper_id} ({self.status})"


# Models of their own modules; Django finds them through here.
from papers.imports.models import ImportRun, StagedUpload  # noqa: E402,F401
from papers.following.models import DigestEmail, FeedKey, SavedSearch, SentPaper  # noqa: E402,F401
from papers.api.models import ApiToken  # noqa: E402,F401
from papers.sources.models import FetchedSource  # noqa: E402,F401

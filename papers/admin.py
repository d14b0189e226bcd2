"""Admin: curated topic and dataset rules (editable), papers, digests, imports and their history.

The import pages themselves (upload, preview, confirm, undo) are in admin_imports.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from papers import admin_imports
from papers.models import Bookmark, Dataset, Digest, ImportRun, Paper, Topic
from papers.parsing import Format
from papers.services.classification import recompute_all

admin.site.site_header = "Lectern administration"
admin.site.site_title = "Lectern admin"
admin.site.index_title = "Papers, digests and imports"


class RuleTagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "rule_count")
    list_editable = ("position",)
    search_fields = ("name", "slug", "patterns")
    ordering = ("position", "name")

    @admin.display(description="rules")
    def rule_count(self, obj) -> int:
        return len(obj.pattern_lines)

    def _relabel(self, request) -> None:
        result = recompute_all()
        messages.info(request, f"Papers relabelled with the new rules: {result.changed} of {result.papers} changed.")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._relabel(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._relabel(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._relabel(request)


admin.site.register(Topic, RuleTagAdmin)
admin.site.register(Dataset, RuleTagAdmin)


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("title", "arxiv_id", "last_listed_on", "code_host")
    list_filter = ("code_host", "last_listed_on")
    search_fields = ("title", "arxiv_id")
    readonly_fields = ("title_key", "first_seen_at", "first_listed_on", "last_listed_on", "listed_on", "topics", "datasets")
    exclude = ("search_vector",)
    show_full_result_count = False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("date", "filename", "format", "paper_count", "created_at")
    date_hierarchy = "date"
    readonly_fields = ("date", "filename", "sha256", "format", "header", "created_at")

    def has_add_permission(self, request):
        return False  # digests arrive through imports

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paper_count=Count("appearances"))

    @admin.display(description="papers", ordering="paper_count")
    def paper_count(self, obj) -> int:
        return obj.paper_count

    def get_urls(self):
        # Before the default ones: "<path:object_id>/" would take "import/".
        return [
            path("import/", admin_imports.upload, name="papers_digest_import"),
            path("import/preview/", admin_imports.preview, name="papers_digest_import_preview"),
            path("import/confirm/", admin_imports.confirm, name="papers_digest_import_confirm"),
            path("import/results/", admin_imports.results, name="papers_digest_import_results"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": admin_imports.can_import(request.user)}
        return super().changelist_view(request, extra_context)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The import history, read-only; an imported run can be undone from its page."""

    list_display = ("when", "status", "file", "digest_day", "found", "new", "known", "problem_count")
    list_display_links = ("when", "file")

    class Media:
        css = {"all": ["lectern-admin/imports.css"]}
    list_filter = ("status", "user", "source")
    list_select_related = ("user",)
    search_fields = ("filename", "sha256", "source_url")
    fieldsets = (
        (None, {"fields": ("status", "source", "source_url", "user", "started_at", "finished_at")}),
        ("File", {"fields": ("filename", "sha256", "file_size", "format_label", "digest_date", "digest_link")}),
        ("Papers", {"fields": ("papers_found", "papers_new", "papers_known", "papers_replaced", "problem_lines")}),
    )
    undo_fieldset = ("Undo", {"fields": ("undone_at", "undone_by", "papers_removed", "papers_kept")})
    readonly_fields = (
        "status", "source", "source_url", "user", "started_at", "finished_at", "filename", "sha256", "file_size", "format_label",
        "digest_date", "digest_link", "papers_found", "papers_new", "papers_known", "papers_replaced", "problem_lines",
        "undone_at", "undone_by", "papers_removed", "papers_kept",
    )

    def get_fieldsets(self, request, obj=None):
        undone = obj is not None and obj.status == ImportRun.Status.UNDONE
        return self.fieldsets + ((self.undo_fieldset,) if undone else ())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the history stays; undo an import instead

    @admin.display(description="when, who", ordering="started_at")
    def when(self, obj) -> str:
        started = timezone.localtime(obj.started_at)
        return format_html(
            '<span class="nowrap">{}</span> {}<br><span class="quiet">by {}</span>',
            f"{started:%Y-%m-%d}", f"{started:%H:%M}", self.who(obj),
        )

    @staticmethod
    def who(obj) -> str:
        return obj.by

    @admin.display(description="file", ordering="filename")
    def file(self, obj) -> str:
        return format_html(
            '{}<br><span class="quiet mini">{}<br><code title="{}">{}…</code></span>',
            obj.filename, self.format_label(obj), obj.sha256, obj.sha256[:10],
        )

    @admin.display(description="digest", ordering="digest_date")
    def digest_day(self, obj) -> str:
        return format_html('<span class="nowrap">{}</span>', f"{obj.digest_date:%Y-%m-%d}") if obj.digest_date else "—"

    @admin.display(description="found", ordering="papers_found")
    def found(self, obj) -> int:
        return obj.papers_found

    @admin.display(description="new", ordering="papers_new")
    def new(self, obj) -> int | str:
        return obj.papers_new if obj.status in (ImportRun.Status.IMPORTED, ImportRun.Status.UNDONE) else "–"

    @admin.display(description="known", ordering="papers_known")
    def known(self, obj) -> int | str:
        return obj.papers_known if obj.status in (ImportRun.Status.IMPORTED, ImportRun.Status.UNDONE) else "–"

    @admin.display(description="size")
    def file_size(self, obj) -> str:
        return filesizeformat(obj.size)

    @admin.display(description="format")
    def format_label(self, obj) -> str:
        try:
            return Format(obj.format).label
        except ValueError:
            return obj.format or "unknown"

    @admin.display(description="problems")
    def problem_count(self, obj) -> int:
        return len(obj.problems)

    @admin.display(description="problems")
    def problem_lines(self, obj):
        if not obj.problems:
            return "none"
        return format_html(
            '<ul class="problem-lines">{}</ul>',
            format_html_join(
                "",
                "<li>{}: {}{}</li>",
                (
                    (p["severity"], f"line {p['line']}: " if p.get("line") else "", p["message"])
                    for p in obj.problems
                ),
            ),
        )

    @admin.display(description="digest")
    def digest_link(self, obj):
        if obj.digest is None:
            return "—"
        url = admin_imports.portal_digest_url(obj.digest.date)
        return format_html('<a href="{}">{} in the portal</a>', url, obj.digest)

    def get_urls(self):
        return [
            path("<int:pk>/undo/", admin_imports.undo, name="papers_importrun_undo"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": admin_imports.can_import(request.user)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": admin_imports.can_import(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    """Who saved what, for administrators; notes are private and not shown here."""

    list_display = ("user", "paper", "status", "updated_at")
    list_filter = ("status", "user")
    search_fields = ("paper__title", "user__username")
    list_select_related = ("user", "paper")
    exclude = ("note",)
    readonly_fields = ("user", "paper", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False  # people save papers from the portal

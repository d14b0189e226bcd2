"""The admin's import pages: upload, preview, confirm, results, and undo of a run.

Thin views: the upload is staged (services.staging), the preview and the import go
through the importer service the command line uses (services.importing), and undo
is services.undo. Only staff with `papers.import_digests` get in.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from papers.forms import ConfirmForm, UploadForm
from papers.models import ImportRun, StagedUpload
from papers.parsing import ParseResult, parse_digest
from papers.services import staging
from papers.services.importing import ImportPlan, PlannedPaper, import_digest, plan_import
from papers.services.undo import UndoRefused, undo_import

PERMISSION = "papers.import_digests"
ROWS_SHOWN = 200  # papers listed per file on the preview; counts cover them all


def can_import(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def import_access(view):
    """Anonymous: the admin login page. Signed in without staff status and the import
    permission: 403. CSRF-checked and never cached, like admin_view."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not can_import(request.user):
            raise PermissionDenied("importing digests needs staff status and the “import digests” permission")
        return view(request, *args, **kwargs)

    return csrf_protect(never_cache(wrapper))


def _render(request: HttpRequest, template: str, title: str, **context) -> TemplateResponse:
    return TemplateResponse(request, template, {**admin.site.each_context(request), "title": title, **context})


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def imported_on_by(run: ImportRun) -> str:
    who = run.by
    return f"already imported on {timezone.localtime(run.started_at):%b %d, %Y %H:%M} by {who}"


def portal_digest_url(day) -> str:
    return f"{reverse('papers:list')}?digest={day:%Y-%m-%d}"


# --- Upload -------------------------------------------------------------------


@import_access
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        staged = staging.stage_uploads(request.user, form.uploads())
        return redirect(_preview_url(staged))
    return _render(request, "admin/papers/digest/import_upload.html", "Import digests", form=form)


def _preview_url(uploads) -> str:
    return reverse("admin:papers_digest_import_preview") + "?files=" + ",".join(str(u.pk) for u in uploads)


# --- Preview ------------------------------------------------------------------


@dataclass
class FilePreview:
    """One staged file as the preview shows it: the importer's plan, read-only."""

    upload: StagedUpload
    plan: ImportPlan
    date_input: object = None  # the form's date field, for files that give no year
    checked: bool = False  # ticked for import

    @property
    def already_imported(self) -> str:
        earlier = self.plan.already_imported
        return imported_on_by(earlier) if earlier else ""

    @property
    def result(self):
        return self.plan.result

    @property
    def date_editable(self) -> bool:
        return date_editable(self.result)

    @property
    def rows(self) -> list[PlannedPaper]:
        return self.plan.papers[:ROWS_SHOWN]

    @property
    def rows_hidden(self) -> int:
        return max(0, len(self.plan.papers) - ROWS_SHOWN)

    @property
    def code_links(self) -> int:
        return sum(1 for record in self.result.papers if record.code_url)

    @property
    def summaries_only(self) -> int:
        """Papers whose file holds only a page's AI summary, stored as their abstract."""
        return sum(1 for record in self.result.papers if record.summary_only)

    @property
    def verdict(self) -> str:
        if not self.result.ok:
            return "errors"
        if self.plan.already_imported:
            return "already imported"
        return "ready"


def date_editable(result: ParseResult) -> bool:
    """The administrator may type the digest date of a readable file that gives no year."""
    return result.format is not None and not result.date_has_year


def build_previews(uploads: list[StagedUpload]) -> list[FilePreview]:
    return [
        FilePreview(u, plan_import(u.data, filename=u.filename, digest_date=u.digest_date)) for u in uploads
    ]


@import_access
@require_http_methods(["GET"])
def preview(request: HttpRequest) -> HttpResponse:
    uploads = staging.staged_for(request.user, _ids(request.GET.get("files", "")))
    if not uploads:
        messages.warning(request, "Those uploads have expired or were already imported; upload the files again.")
        return redirect("admin:papers_digest_import")
    previews = build_previews(uploads)
    dated = [p for p in previews if p.date_editable]
    form = ConfirmForm(
        uploads=uploads,
        dated=[p.upload for p in dated],
        initial={ConfirmForm.date_field(p.upload.pk): p.result.digest_date for p in dated},
    )
    return _preview_page(request, previews, form)


def _preview_page(request, previews: list[FilePreview], form: ConfirmForm) -> TemplateResponse:
    if form.is_bound:
        checked = {int(v) for v in form.data.getlist("upload") if v.isdigit()}
    else:
        checked = {p.upload.pk for p in previews if p.plan.can_import}
    for p in previews:
        name = ConfirmForm.date_field(p.upload.pk)
        p.date_input = form[name] if name in form.fields else None
        p.checked = p.upload.pk in checked
    return _render(
        request,
        "admin/papers/digest/import_preview.html",
        "Preview the import",
        previews=previews,
        form=form,
        ready=sum(1 for p in previews if p.plan.can_import),
        rows_shown=ROWS_SHOWN,
        files_param=",".join(str(p.upload.pk) for p in previews),
        any_date_editable=any(p.date_editable for p in previews),
    )


# --- Confirm ------------------------------------------------------------------


@import_access
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Save the typed dates, then either show the preview again ("check") or import the
    chosen files, each in its own transaction, and show what happened."""
    uploads = staging.staged_for(request.user, _ids(request.POST.get("files", "")))
    if not uploads:
        messages.warning(request, "Those uploads have expired or were already imported; upload the files again.")
        return redirect("admin:papers_digest_import")
    # Whether a file may take a typed date is decided from its stored bytes, not the form;
    # only files that were sent a date (or have one) are parsed for that here.
    sent = [u for u in uploads if request.POST.get(ConfirmForm.date_field(u.pk)) or u.digest_date]
    dated = [u for u in sent if date_editable(parse_digest(u.data, filename=u.filename))]
    form = ConfirmForm(request.POST, uploads=uploads, dated=dated)
    if not form.is_valid():
        return _preview_again(request, uploads)
    staging.set_digest_dates(dated, form.dates())
    if "_import" not in request.POST:  # "Check again": show the preview with the dates
        return redirect(_preview_url(uploads))
    chosen = [u for u in uploads if u.pk in set(form.cleaned_data["upload"])]
    if not chosen:
        return _preview_again(request, uploads, "Tick at least one file to import.")
    runs = [_import_one(request, upload) for upload in chosen]
    # Invalid and failed files stay staged (until they expire): their preview still works.
    done = (ImportRun.Status.IMPORTED, ImportRun.Status.ALREADY_IMPORTED)
    staging.discard([u for u, run in zip(chosen, runs) if run.status in done])
    return redirect(reverse("admin:papers_digest_import_results") + "?runs=" + ",".join(str(r.pk) for r in runs))


def _import_one(request, upload: StagedUpload) -> ImportRun:
    """Import one staged file; its run, whatever happened to it."""
    try:
        return import_digest(
            upload.data,
            filename=upload.filename,
            user=request.user,
            source=ImportRun.Source.ADMIN,
            digest_date=upload.digest_date,
        ).run
    except Exception:
        # The service rolled the file back, logged why and recorded a failed run: show
        # that run among the results and go on with the other files.
        failed = (
            ImportRun.objects.filter(user=request.user, sha256=upload.sha256, status=ImportRun.Status.FAILED)
            .order_by("-id")
            .first()
        )
        if failed is None:
            raise
        return failed


def _preview_again(request, uploads: list[StagedUpload], error: str = "") -> TemplateResponse:
    """The preview with the posted choices and their errors, every date field included."""
    previews = build_previews(uploads)
    form = ConfirmForm(request.POST, uploads=uploads, dated=[p.upload for p in previews if p.date_editable])
    form.is_valid()
    if error:
        form.add_error("upload", error)
    return _preview_page(request, previews, form)


# --- Results ------------------------------------------------------------------


@dataclass
class RunResult:
    run: ImportRun
    earlier: ImportRun | None  # for "already imported": the run that stored the file

    @property
    def digest_url(self) -> str:
        stored = self.run.digest or (self.earlier.digest if self.earlier else None)
        return portal_digest_url(stored.date) if stored else ""

    @property
    def already_imported(self) -> str:
        return imported_on_by(self.earlier) if self.earlier else ""


@import_access
@require_http_methods(["GET"])
def results(request: HttpRequest) -> HttpResponse:
    runs = list(
        ImportRun.objects.filter(pk__in=_ids(request.GET.get("runs", "")))
        .select_related("user", "digest")
        .order_by("id")
    )
    earlier = {
        run.sha256: run
        for run in ImportRun.objects.filter(
            sha256__in=[r.sha256 for r in runs if r.status == ImportRun.Status.ALREADY_IMPORTED],
            status=ImportRun.Status.IMPORTED,
        ).select_related("user", "digest")
    }
    items = [
        RunResult(run, earlier.get(run.sha256) if run.status == ImportRun.Status.ALREADY_IMPORTED else None)
        for run in runs
    ]
    imported = sum(1 for r in runs if r.status == ImportRun.Status.IMPORTED)
    return _render(request, "admin/papers/digest/import_results.html", "Import results", items=items, imported=imported)


# --- Undo ---------------------------------------------------------------------


@import_access
@require_http_methods(["GET", "POST"])
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("user", "digest", "undone_by"), pk=pk)
    run_url = reverse("admin:papers_importrun_change", args=[run.pk])
    if request.method == "POST":
        try:
            outcome = undo_import(run.pk, user=request.user)
        except UndoRefused as exc:
            messages.error(request, f"Not undone: {exc}.")
            return redirect(run_url)
        return _render(
            request,
            "admin/papers/importrun/undo_done.html",
            "Import undone",
            run=outcome.run,
            outcome=outcome,
            kept=outcome.kept[:ROWS_SHOWN],
            kept_hidden=max(0, len(outcome.kept) - ROWS_SHOWN),
        )
    if run.status != ImportRun.Status.IMPORTED or run.digest is None:
        messages.error(
            request,
            f"Not undone: only a run that imported a digest can be undone (this one is “{run.get_status_display()}”).",
        )
        return redirect(run_url)
    return _render(
        request,
        "admin/papers/importrun/undo_confirm.html",
        "Undo this import?",
        run=run,
        papers_listed=run.digest.appearances.count(),
        digest_url=portal_digest_url(run.digest.date),
    )

"""Imports by script: POST /api/imports/ (a multipart `file`, an optional `date`,
`?dry_run=1` to preview) and the history, GET /api/imports/ and /api/imports/<id>/.

Staff with the import permission only, as on the admin page, and through the same
importer (papers.services.importing.import_digest): a file stores what the admin page
would store for it, whole or not at all. An invalid file answers 400 with its run's
body (problems with line numbers) and stores no paper.
"""

from __future__ import annotations


from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.api import shapes
from papers.api.permissions import MayImport
from papers.models import ImportRun
from papers.services.importing import ImportOutcome, import_digest

PAGE_SIZE = 50
ERRORS = {401: shapes.Error, 403: shapes.Error, 429: shapes.Error}


class Problem(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text="the file's line (1-based), null for the file as a whole")
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()


class Run(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null for a dry run (nothing recorded)")
    status = serializers.ChoiceField(choices=ImportRun.Status.choices)
    dry_run = serializers.BooleanField()
    source = serializers.ChoiceField(choices=ImportRun.Source.choices)
    source_url = serializers.CharField(allow_blank=True, help_text="where a fetch read the file")
    filename = serializers.CharField(allow_blank=True)
    sha256 = serializers.CharField()
    format = serializers.CharField(allow_blank=True, help_text="the format the file was read as")
    digest_date = serializers.DateField(allow_null=True)
    papers_found = serializers.IntegerField()
    papers_new = serializers.IntegerField()
    papers_known = serializers.IntegerField()
    papers_replaced = serializers.IntegerField(help_text="arXiv feeds: new versions of papers Lectern has (unchanged)")
    problems = Problem(many=True)
    started_at = serializers.DateTimeField(allow_null=True)
    user = serializers.CharField(allow_null=True, help_text="who imported it (null: the command line or the schedule)")


class RunPage(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = Run(many=True)


# A 400 is either an invalid file's run (its problems) or the shared error of a bad field.
REFUSAL = PolymorphicProxySerializer(
    component_name="ImportRefusal", serializers=[Run, shapes.Error], resource_type_field_name=None
)


class Upload(serializers.Serializer):
    file = serializers.FileField(help_text="one digest file, in any format the admin page takes")
    date = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="the digest's day (YYYY-MM-DD), whatever the file says"
    )

    def validate_file(self, upload):
        if upload.size > settings.LECTERN_MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"the file is {upload.size / 2**20:.1f} MB, over the {settings.LECTERN_MAX_UPLOAD_MB} MB limit"
            )
        return upload


def run_json(run: ImportRun) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "dry_run": False,
        "source": run.source,
        "source_url": run.source_url,
        "filename": run.filename,
        "sha256": run.sha256,
        "format": run.format,
        "digest_date": run.digest_date.isoformat() if run.digest_date else None,
        "papers_found": run.papers_found,
        "papers_new": run.papers_new,
        "papers_known": run.papers_known,
        "papers_replaced": run.papers_replaced,
        "problems": [{"line": p.get("line"), "severity": p["severity"], "message": p["message"]} for p in run.problems],
        "started_at": run.started_at.isoformat(),
        "user": run.user.get_username() if run.user else None,
    }


def preview_json(outcome: ImportOutcome, request) -> dict:
    """A dry run's answer: what importing would record, with no id."""
    plan, result = outcome.plan, outcome.plan.result
    imported = outcome.status == ImportRun.Status.IMPORTED
    return {
        "id": None,
        "status": outcome.status,
        "dry_run": True,
        "source": ImportRun.Source.API,
        "source_url": "",
        "filename": plan.filename,
        "sha256": plan.sha256,
        "format": result.format.value if result.format else "",
        "digest_date": result.digest_date.isoformat() if result.digest_date else None,
        "papers_found": len(result.papers),
        "papers_new": plan.new_count if imported else 0,
        "papers_known": plan.known_count if imported else 0,
        "papers_replaced": plan.replaced_known if imported else 0,
        "problems": [{"line": p.line, "severity": p.severity.value, "message": p.message} for p in result.problems],
        "started_at": None,
        "user": request.user.get_username(),
    }


def _flag(value: str | None) -> bool:
    if value in (None, "", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ValidationError({"dry_run": ["use 1 or 0"]})


class ImportList(APIView):
    permission_classes = [MayImport]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="imports_list",
        summary="The import history, newest first",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT, description=f"{PAGE_SIZE} runs a page")],
        responses={200: RunPage, 400: shapes.Error, **ERRORS},
    )
    def get(self, request):
        try:
            number = int(request.GET.get("page", "1"))
        except ValueError:
            number = 0
        if not 1 <= number <= 1_000_000:
            raise ValidationError({"page": ["a page number, 1 or more"]})
        total = ImportRun.objects.count()
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(number, pages)
        runs = ImportRun.objects.select_related("user").order_by("-started_at", "-id")
        runs = runs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        return Response({"count": total, "page": number, "pages": pages, "results": [run_json(r) for r in runs]})

    @extend_schema(
        operation_id="imports_create",
        summary="Import a digest file",
        description="201 with the run when the file was imported; 200 when the same file was imported "
        "before (nothing changes) or for a dry run (`?dry_run=1`, nothing is stored or recorded); "
        "400 with the run's body when the file is invalid (nothing is stored).",
        parameters=[OpenApiParameter("dry_run", OpenApiTypes.STR, enum=["0", "1"], description="1: preview only")],
        request={"multipart/form-data": Upload},
        responses={200: Run, 201: Run, 400: REFUSAL, 401: shapes.Error, 403: shapes.Error, 429: shapes.Error},
    )
    def post(self, request):
        dry_run = _flag(request.GET.get("dry_run"))
        upload = Upload(data=request.data)
        upload.is_valid(raise_exception=True)
        file, day = upload.validated_data["file"], upload.validated_data.get("date")
        data = file.read()
        outcome = import_digest(
            data,
            filename=(file.name or "upload")[:255],
            user=request.user,
            source=ImportRun.Source.API,
            digest_date=day,
            dry_run=dry_run,
        )
        body = preview_json(outcome, request) if dry_run else run_json(outcome.run)
        if outcome.status == ImportRun.Status.INVALID:
            return Response(body, status=400)
        created = outcome.status == ImportRun.Status.IMPORTED and not dry_run
        return Response(body, status=201 if created else 200)


class ImportDetail(APIView):
    permission_classes = [MayImport]

    @extend_schema(
        operation_id="imports_retrieve",
        summary="One import run",
        responses={200: Run, 404: shapes.Error, **ERRORS},
    )
    def get(self, request, pk: int):
        run = ImportRun.objects.select_related("user").filter(pk=pk).first()
        if run is None:
            raise NotFound("no such import")
        return Response(run_json(run))

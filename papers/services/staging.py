"""Keep files uploaded on the admin import page until they are confirmed or expire.

The preview shows what importing a staged file would do; the confirm step imports
the staged bytes (parsed again), so nothing the browser sends back is trusted but
the ids of the uploader's own staged files and the dates typed for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from papers.models import StagedUpload
from papers.services.importing import sha256_of

LIFETIME = dt.timedelta(hours=24)


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    data: bytes


def stage_uploads(user, files: Iterable[UploadedFile]) -> list[StagedUpload]:
    """Store the uploaded files for `user` and return them in upload order.

    The same content uploaded again by the same user is one staged file, renamed
    and given a fresh expiry. Expired uploads (anyone's) are purged first.
    """
    now = timezone.now()
    staged: dict[str, StagedUpload] = {}
    with transaction.atomic():
        StagedUpload.objects.filter(expires_at__lt=now).delete()
        for upload in files:
            sha = sha256_of(upload.data)
            if sha in staged:
                continue
            staged[sha], _ = StagedUpload.objects.update_or_create(
                owner=user,
                sha256=sha,
                defaults={
                    "filename": upload.filename[:255],
                    "content": upload.data,
                    "size": len(upload.data),
                    "digest_date": None,
                    "expires_at": now + LIFETIME,
                },
            )
    return list(staged.values())


def staged_for(user, ids: Iterable[int]) -> list[StagedUpload]:
    """The user's own unexpired staged files among `ids`, in upload order (read-only)."""
    return list(
        StagedUpload.objects.filter(owner=user, pk__in=list(ids), expires_at__gte=timezone.now()).order_by(
            "created_at", "id"
        )
    )


def set_digest_dates(uploads: Iterable[StagedUpload], dates: dict[int, dt.date | None]) -> None:
    """Remember the digest dates the administrator gave for files without a year."""
    for upload in uploads:
        if upload.pk in dates and upload.digest_date != dates[upload.pk]:
            upload.digest_date = dates[upload.pk]
            upload.save(update_fields=["digest_date"])


def discard(uploads: Iterable[StagedUpload]) -> None:
    StagedUpload.objects.filter(pk__in=[u.pk for u in uploads]).delete()

"""What a caller may do: read papers (an account, or anyone when public reading is on),
change their own bookmarks and searches (an account), import (staff with the permission)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import permissions

from papers.admin_imports import can_import


class MayRead(permissions.BasePermission):
    """For views that only read (they have no handler for writes, which answer 405)."""

    message = "authentication required"

    def has_permission(self, request, view):
        return request.user.is_authenticated or settings.LECTERN_PUBLIC_READING


class SignedIn(permissions.IsAuthenticated):
    message = "authentication required"


class MayImport(permissions.BasePermission):
    message = "importing digests needs staff status and the “import digests” permission"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and can_import(request.user))

"""Request parameters of the paper list and the API, parsed and validated by django-filter.

The FilterSet only reads parameters; the query itself (filters, search, facet
counts, order) is built in one place, papers.selectors, from the PaperQuery this
module returns.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from papers.models import Bookmark, Paper
from papers.selectors import PAGE_SIZES, SAVED_VALUES, SORTS, PaperQuery

MAX_VALUES = 50  # values one facet may select at once
MAX_QUERY_LENGTH = 200


class ListField(forms.Field):
    """A repeated parameter (?topic=a&topic=b), each value cleaned by `item`."""

    widget = forms.SelectMultiple  # reads request.GET.getlist(name)

    def __init__(self, *, item: forms.Field, **kwargs):
        self.item = item
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        values = [v for v in values if v != ""]
        if len(values) > MAX_VALUES:
            raise ValidationError(f"at most {MAX_VALUES} values")
        cleaned = []
        for raw in values:
            item = self.item.clean(raw)
            if item not in cleaned:
                cleaned.append(item)
        return cleaned

    def validate(self, value):  # no choices to check against
        pass


def _noop(queryset, name, value):
    """Filters only parse here; papers.selectors builds the query."""
    return queryset


class ListFilter(django_filters.Filter):
    field_class = ListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", _noop)
        super().__init__(*args, **kwargs)


class BooleanWordField(forms.Field):
    """'true' / 'false' (also yes/no, 1/0), strictly: anything else is an error."""

    def to_python(self, value):
        word = str(value).strip().lower()
        if word in {"true", "yes", "1"}:
            return True
        if word in {"false", "no", "0"}:
            return False
        raise ValidationError("use true or false")


_SLUG = forms.SlugField(max_length=64)
_HOST = forms.RegexField(regex=re.compile(r"^[a-z0-9.-]{1,64}$"), error_messages={"invalid": "not a host name"})
_USERNAME = forms.RegexField(regex=re.compile(r"^[\w.@+-]{1,150}$"), error_messages={"invalid": "not a username"})
# Parameters about the team's bookmarks: only for a signed-in reader.
TEAM_PARAMETERS = ("saved", "saved_by")


class PaperFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_noop, max_length=MAX_QUERY_LENGTH, strip=True)
    digest = ListFilter(item=forms.DateField(input_formats=["%Y-%m-%d"]))
    topic = ListFilter(item=_SLUG)
    dataset = ListFilter(item=_SLUG)
    has_code = ListFilter(item=BooleanWordField())
    code_host = ListFilter(item=_HOST)
    saved = ListFilter(item=forms.ChoiceField(choices=[(v, v) for v in SAVED_VALUES]))
    saved_by = ListFilter(item=_USERNAME)
    status = ListFilter(item=forms.ChoiceField(choices=Bookmark.Status.choices))
    sort = django_filters.ChoiceFilter(method=_noop, choices=[(s, s) for s in SORTS])
    page = django_filters.NumberFilter(method=_noop, min_value=1, max_value=100_000)
    page_size = django_filters.TypedChoiceFilter(
        method=_noop, choices=[(str(n), str(n)) for n in PAGE_SIZES], coerce=int
    )

    class Meta:
        model = Paper
        fields: list[str] = []


def parse_query(
    params, *, lenient: bool, viewer: int | None = None, owner: int | None = None
) -> tuple[PaperQuery, dict[str, list[str]]]:
    """PaperQuery from request parameters, and the errors found.

    lenient (the HTML page): invalid parameters are dropped and the rest is used.
    Otherwise (the API) the caller answers 400 when errors are returned.
    viewer is the signed-in reader's id (None when anonymous: the team's facets and
    sort=most_saved are then refused); owner makes the query one user's reading list.
    """
    filterset = PaperFilterSet(params)
    errors: dict[str, list[str]] = {}
    if not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
    if viewer is None:
        for name in TEAM_PARAMETERS:
            if params.get(name):
                errors.setdefault(name, []).append("sign in to filter by the team's bookmarks")
        if params.get("sort") == "most_saved":
            errors.setdefault("sort", []).append("sign in to sort by the team's bookmarks")
    if errors:
        if not lenient:
            return PaperQuery(), errors
        kept = params.copy()
        for name in errors:
            kept.pop(name, None)
        filterset = PaperFilterSet(kept)
        filterset.is_valid()
    data = filterset.form.cleaned_data
    query = PaperQuery(
        q=data.get("q") or "",
        digests=tuple(data.get("digest") or ()),
        topics=tuple(data.get("topic") or ()),
        datasets=tuple(data.get("dataset") or ()),
        has_code=tuple(data.get("has_code") or ()),
        code_hosts=tuple(data.get("code_host") or ()),
        saved=tuple(data.get("saved") or ()) if not owner else (),
        saved_by=tuple(data.get("saved_by") or ()) if not owner else (),
        statuses=tuple(data.get("status") or ()) if owner else (),
        sort=data.get("sort") or "",
        page=int(data.get("page") or 1),
        page_size=data.get("page_size") or PAGE_SIZES[0],
        viewer=viewer,
        owner=owner,
    )
    return query, errors

"""The API's answers described for the OpenAPI schema (papers.api.schema): serializers
used for documentation and for reading request bodies, never to build a paper list
(that is plain dicts, for speed). The schemathesis test checks answers against them."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from papers.models import Bookmark
from papers.services.bookmarks import NOTE_MAX
from papers.selectors import PAGE_SIZES, SAVED_VALUES, SORTS


class Error(serializers.Serializer):
    error = serializers.CharField(help_text="what went wrong, in words")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="on a 400: each bad field (or `body`) with its messages",
    )
    login_url = serializers.CharField(required=False, help_text="on a 401: where a person signs in")
    retry_after = serializers.IntegerField(required=False, help_text="on a 429: seconds to wait")


class Paper(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    abstract = serializers.CharField(allow_blank=True)
    arxiv_id = serializers.CharField(allow_null=True)
    code_url = serializers.URLField(allow_null=True)
    url = serializers.URLField(help_text="the paper's page in the portal")
    digests = serializers.ListField(child=serializers.DateField(), help_text="days of the digests that listed it, newest first")
    topics = serializers.ListField(child=serializers.CharField())
    datasets = serializers.ListField(child=serializers.CharField())


class FacetValue(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class PaperPage(serializers.Serializer):
    count = serializers.IntegerField(help_text="papers matching, on all pages")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = Paper(many=True)
    facets = serializers.DictField(
        child=FacetValue(many=True), help_text="per facet (digest, topic, ...), its values with live counts"
    )


class Related(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class PaperDetail(Paper):
    authors = serializers.ListField(child=serializers.CharField())
    related = Related(many=True)


class SavedBookmark(serializers.Serializer):
    paper = serializers.IntegerField(help_text="the paper's id")
    status = serializers.ChoiceField(choices=Bookmark.Status.choices)
    note = serializers.CharField(allow_blank=True, help_text="private to you")
    saved_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class BookmarkedPaper(Paper):
    bookmark = SavedBookmark()


class BookmarkPage(PaperPage):
    results = BookmarkedPaper(many=True)


def list_parameters(*, reading_list: bool = False) -> list[OpenApiParameter]:
    def many(name, description, **kwargs):
        return OpenApiParameter(name, OpenApiTypes.STR, many=True, explode=True, description=description, **kwargs)

    params = [
        OpenApiParameter("q", OpenApiTypes.STR, description="full-text search: words, \"phrases\", -excluded, OR"),
        OpenApiParameter(
            "digest", OpenApiTypes.DATE, many=True, explode=True, description="digest days (YYYY-MM-DD)"
        ),
        many("topic", "topic slugs"),
        many("dataset", "dataset slugs"),
        OpenApiParameter("has_code", OpenApiTypes.BOOL, many=True, explode=True, description="with or without code"),
        many("code_host", "code hosts, e.g. github.com"),
        many("saved", "saved by: me, team (anyone), none; signed in only", enum=list(SAVED_VALUES)),
        many("saved_by", "usernames of team members; signed in only"),
        OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS), description="the order (default: relevance for a search, else newest)"),
        OpenApiParameter("page", OpenApiTypes.INT, description="1 and up; past the last page answers the last"),
        OpenApiParameter("page_size", OpenApiTypes.INT, enum=list(PAGE_SIZES)),
    ]
    if reading_list:
        params.append(many("status", "reading statuses", enum=list(Bookmark.Status.values)))
    return params


class Text(serializers.CharField):
    """A string and only a string: DRF's CharField would turn 5 into "5"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFields(serializers.Serializer):
    """A request body: a JSON object whose every key is a known field."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["unknown field"] for name in unknown})
        return super().to_internal_value(data)


class BookmarkChange(StrictFields):
    status = serializers.ChoiceField(
        choices=Bookmark.Status.choices, required=False, help_text="to_read, reading or read (a new bookmark: to_read)"
    )
    note = Text(required=False, allow_blank=True, max_length=NOTE_MAX, help_text="private to you")

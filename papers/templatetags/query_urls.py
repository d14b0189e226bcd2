"""Links that change one part of the list's state; the URL holds the whole state."""

from __future__ import annotations

from django import template
from django.http import QueryDict

register = template.Library()


def _href(params: QueryDict) -> str:
    params.pop("page", None)  # a new filter starts at page one
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def toggle_url(context, name: str, value) -> str:
    """The current URL with `value` added to or removed from the repeated parameter `name`."""
    params = context["request"].GET.copy()
    values = params.getlist(name)
    value = str(value)
    params.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return _href(params)


@register.simple_tag(takes_context=True)
def without_url(context, *names: str) -> str:
    """The current URL without the parameters `names`."""
    params = context["request"].GET.copy()
    for name in names:
        params.pop(name, None)
    return _href(params)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = str(number)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def hidden_inputs(context, *skip: str):
    """Hidden inputs carrying the current state into a GET form, except `skip` and page."""
    from django.utils.html import format_html_join

    params = context["request"].GET
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name in params for value in params.getlist(name) if name not in {*skip, "page"}),
    )

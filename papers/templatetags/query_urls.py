"""Links that change one part of the list's state; the URL holds the whole state."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


FACET_VALUES_SHOWN = 8  # the rest are hidden behind "Show all" (static/js/list.js)


@register.simple_tag(takes_context=True)
def facet_items(context, name: str, values) -> SafeString:
    """The <li> links of one facet, each toggling its value in the current URL.

    Rendered here rather than in the template: a list page shows a couple of hundred
    facet values, and the template language (a QueryDict copy and a dozen lookups per
    value) took 8 of the page's 15 ms of rendering; this takes about 1.5 ms.
    """
    pairs = [(key, value) for key, value in context["request"].GET.lists() if key != "page"]
    current = next((value for key, value in pairs if key == name), [])
    items = []
    for number, facet_value in enumerate(values, 1):
        value = str(facet_value.value)
        chosen = [v for v in current if v != value] if value in current else [*current, value]
        items.append(format_html(
            '<li{}><a href="?{}"{} rel="nofollow"><span class="box" aria-hidden="true"></span>'
            '<span class="label">{}</span><span class="count">{}</span></a></li>',
            mark_safe(' class="more"' if number > FACET_VALUES_SHOWN and not facet_value.selected else ""),
            _query_with(pairs, name, chosen),
            mark_safe(' aria-current="true" class="on"' if facet_value.selected else ""),
            facet_value.label,
            facet_value.count,
        ))
    return mark_safe("\n".join(items))


def _query_with(pairs: list[tuple[str, list[str]]], name: str, values: list[str]) -> str:
    """The query string of `pairs` with parameter `name` set to `values`, in place or
    appended, as QueryDict.setlist and urlencode would write it."""
    flat, placed = [], False
    for key, current in pairs:
        if key == name:
            current, placed = values, True
        flat += [(key, v) for v in current]
    if not placed:
        flat += [(name, v) for v in values]
    return urlencode(flat)

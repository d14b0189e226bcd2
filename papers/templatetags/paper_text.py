"""Imported text on pages: escaped first, then links made clickable."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.filter
def paragraphs(text: str) -> SafeString:
    """Abstract paragraphs as <p> elements; URLs (with or without scheme) become links.

    With autoescape=True urlize escapes everything that is not a link it builds, so
    imported text cannot inject markup; its output is therefore safe to mark so.
    """
    parts = [p for p in (text or "").split("\n\n") if p.strip()]
    return format_html_join(
        "\n", "<p>{}</p>", ((mark_safe(urlize(p, nofollow=True, autoescape=True)),) for p in parts)
    )


@register.filter
def teaser(text: str, words: int = 45) -> str:
    """The opening of an abstract, for lists (escaped by the template as usual)."""
    return Truncator((text or "").replace("\n\n", " ")).words(words, truncate="…")


@register.filter
def highlighted(text: str) -> SafeString:
    """Search headline text with its matches marked: escaped first, then the private-use
    marks PostgreSQL put around the matched words become <mark> elements."""
    from django.utils.html import escape

    from papers.selectors import HIGHLIGHT_START, HIGHLIGHT_STOP

    html = escape(text or "").replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)

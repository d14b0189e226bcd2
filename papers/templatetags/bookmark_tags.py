"""A paper's bookmark controls and its savers, written in Python rather than template partials.

A list page shows both for each of its 25-100 papers; as included templates they were
about half of the page's rendering (two includes and some forty variable lookups per
paper). These tags write the same markup with format_html, which escapes every value.
static/js/bookmarks.js works on this markup: keep its classes and data attributes.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from papers.templatetags.paper_text import highlighted, teaser

register = template.Library()


@register.simple_tag
def savers(paper) -> SafeString:
    """Who on the team saved the paper, and their status: initials, with the full text for
    tooltips and screen readers. Never a note. Hidden (kept for the script) when nobody did."""
    people = getattr(paper, "savers", None) or []
    items = format_html_join(
        "",
        '<li class="saver s-{}" title="{} — {}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{} ({})</span></li>',
        ((s.status, s.name, s.status_label, s.initials, s.name, s.status_label) for s in people),
    )
    return format_html(
        '<div class="savers-wrap"{}>\n  <span class="savers-label">Saved by</span>\n'
        '  <ul class="savers">\n    {}\n  </ul>\n</div>',
        mark_safe("" if people else " hidden"),
        items,
    )


_PK_MARK = 2147483647


def _bookmark_urls(context, pk: int) -> tuple[str, str]:
    """The save and remove addresses of a paper. Reversed once per rendering with a marker
    id (a list page asks for 25-100 papers' pairs), then filled in per paper."""
    patterns = context.render_context.get("bookmark_url_patterns")
    if patterns is None:
        patterns = tuple(
            reverse(name, args=[_PK_MARK]).split(str(_PK_MARK))
            for name in ("papers:bookmark", "papers:bookmark-delete")
        )
        context.render_context["bookmark_url_patterns"] = patterns
    return tuple(f"{head}{pk}{tail}" for head, tail in patterns)


@register.simple_tag(takes_context=True)
def bookmark_controls(context, paper, full: bool = False) -> SafeString:
    """The reader's own controls: Save, or the status (and on the paper page the private
    note) with Update and Remove. Plain forms that work without JavaScript; bookmarks.js
    sends them with fetch. Needs `statuses` (and for `full`, `my_bookmark`) in the context."""
    request = context["request"]
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', str(context.get("csrf_token", "")))
    status = getattr(paper, "my_status", None)
    hidden = mark_safe("" if status else " hidden")
    next_url = request.get_full_path() + ("" if full else f"#paper-{paper.pk}")
    next_input = format_html('<input type="hidden" name="next" value="{}">', next_url)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected" if value == status or (not status and number == 0) else ""), label[:1].upper() + label[1:])
            for number, (value, label) in enumerate(context["statuses"])
        ),
    )
    save_url, remove_url = _bookmark_urls(context, paper.pk)
    note = ""
    if full:
        my_bookmark = context.get("my_bookmark")
        note = format_html(
            '\n      <label class="bm-note"><span>Private note <span class="muted">(only you see it)</span></span>\n'
            '        <textarea name="note" rows="3" maxlength="5000">{}</textarea>\n      </label>',
            my_bookmark.note if my_bookmark else "",
        )
    return format_html(
        '<div class="bookmark{is_saved}" data-bookmark>\n'
        '  <form class="bm-save" method="post" action="{save}">\n'
        '    {csrf}\n    {next_input}\n'
        '    <button type="submit" class="bm-new"{shown_when_new}>Save<span class="visually-hidden"> “{title}” to your reading list</span></button>\n'
        '    <span class="bm-edit"{hidden}>\n'
        '      <label class="bm-status"><span{status_label_class}>Status</span>\n'
        '        <select name="status">{options}</select>\n'
        '      </label>{note}\n'
        '      <button type="submit" class="bm-apply">{apply}</button>\n'
        '    </span>\n'
        '  </form>\n'
        '  <form class="bm-remove" method="post" action="{remove}"{hidden}>\n'
        '    {csrf}\n    {next_input}\n'
        '    <button type="submit" class="link-button">Remove<span class="visually-hidden"> “{title}” from your reading list</span></button>\n'
        '  </form>\n'
        '</div>',
        is_saved=mark_safe(" is-saved" if status else ""),
        save=save_url,
        remove=remove_url,
        csrf=csrf,
        next_input=next_input,
        shown_when_new=mark_safe(" hidden" if status else ""),
        title=paper.title,
        hidden=hidden,
        status_label_class=mark_safe("" if full else ' class="visually-hidden"'),
        options=options,
        note=note,
        apply="Save changes" if full else "Update",
    )


@register.simple_tag(takes_context=True)
def paper_card(context, paper, topic_names) -> SafeString:
    """One paper of a list page: its title (highlighted by a search), dates, arXiv id, a
    teaser of its abstract, its topics, the reader's own save and, signed in, the savers
    and the bookmark controls. The page's rows were most of its rendering as template code."""
    title = highlighted(paper.title_highlight) if getattr(paper, "title_highlight", None) else paper.title
    listed = paper.last_listed_on
    meta = [format_html('<span>Listed <time datetime="{}">{}</time></span>', date_filter(listed, "Y-m-d"), date_filter(listed, "M j, Y"))]
    if paper.arxiv_id:
        meta.append(format_html("<span>arXiv {}</span>", paper.arxiv_id))
    if paper.code_url:
        meta.append(mark_safe('<span class="badge">code</span>'))
    snippet = getattr(paper, "snippet", None)
    parts = [
        format_html('<h2 id="paper-{}"><a href="{}">{}</a></h2>', paper.pk, paper.get_absolute_url(), title),
        format_html('<p class="meta">{}</p>', mark_safe("".join(meta))),
        format_html('<p class="teaser">{}</p>', highlighted(snippet) if snippet else teaser(paper.abstract)),
    ]
    if paper.topics:
        parts.append(format_html('<p class="tags">{}</p>', format_html_join(
            "", '<a class="tag" href="?{}">{}</a>', ((urlencode({"topic": slug}), topic_names.get(slug, slug)) for slug in paper.topics)
        )))
    mine = getattr(paper, "my_bookmark", None)
    if mine:
        note = format_html(' · <span class="note-label">My note:</span> <span class="note-text">{}</span>', truncatewords(mine.note, 40)) if mine.note else ""
        parts.append(format_html(
            '<p class="my-save">Saved <time datetime="{}">{}</time>{}</p>',
            date_filter(mine.created_at, "c"), date_filter(mine.created_at, "M j, Y"), note,
        ))
    if context["user"].is_authenticated:
        parts.append(format_html('<div class="row-bookmarks">{}{}</div>', savers(paper), bookmark_controls(context, paper)))
    return format_html('<article aria-labelledby="paper-{}">{}</article>', paper.pk, mark_safe("\n".join(parts)))

"""The digest email: one per reader and run, their searches' new papers in HTML and plain text.

Every imported text goes through Django templates with autoescaping (HTML) or as
plain text (the text part), never into markup by hand. Links are absolute, on
LECTERN_BASE_URL. The List-Unsubscribe headers (RFC 2369, RFC 8058) turn off the
emails of every search in the message with one click; each search's section has its
own link for just that one.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from papers.following import services
from papers.following.models import SavedSearch
from papers.models import Paper

OPENING = 320  # characters of an abstract's opening


@dataclass
class Section:
    search: SavedSearch
    papers: list[Paper]
    total: int  # new papers of the search; papers holds the first EMAIL_PAPERS

    @property
    def more(self) -> int:
        return self.total - len(self.papers)


def opening(abstract: str, limit: int = OPENING) -> str:
    """An abstract's opening, cut at a word, with an ellipsis when cut."""
    text = " ".join(abstract.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _absolute(path: str) -> str:
    return settings.LECTERN_BASE_URL + path


def build(user, sections: list[Section]) -> EmailMultiAlternatives:
    searches = [section.search for section in sections]
    everything = _absolute(reverse("papers:unsubscribe", args=[services.unsubscribe_token(user.pk, [s.pk for s in searches])]))
    count = sum(section.total for section in sections)
    context = {
        "user": user,
        "count": count,
        "sections": [
            {
                "name": section.search.name,
                "url": _absolute(f"{reverse('papers:list')}?{section.search.query}".rstrip("?")),
                "unsubscribe": _absolute(reverse("papers:unsubscribe", args=[services.unsubscribe_token(user.pk, [section.search.pk])])),
                "papers": [
                    {
                        "title": paper.title,
                        "url": _absolute(paper.get_absolute_url()),
                        "opening": opening(paper.abstract),
                        "arxiv": f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else "",
                        "arxiv_id": paper.arxiv_id or "",
                        "code": paper.code_url,
                    }
                    for paper in section.papers
                ],
                "more": section.more,
                "total": section.total,
            }
            for section in sections
        ],
        "following_url": _absolute(reverse("papers:following")),
        "unsubscribe_all": everything,
    }
    if len(sections) == 1:
        subject = f"Lectern: {count} new paper{'s' if count != 1 else ''} for “{sections[0].search.name}”"
    else:
        subject = f"Lectern: {count} new papers for {len(sections)} followed searches"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # no line breaks from a search's name
        body=render_to_string("email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{everything}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": make_msgid("digest", domain=urlsplit(settings.LECTERN_BASE_URL).hostname or "lectern"),
        },
    )
    message.attach_alternative(render_to_string("email/digest.html", context), "text/html")
    return message

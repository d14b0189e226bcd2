"""Real papers (tests/data) written in the shapes of arXiv's feeds: the per-category RSS of
rss.arxiv.org and the Atom of the query API, as their documentation and live feeds show
them. The papers are real; only the wrapping around them is made here."""

from __future__ import annotations

import datetime as dt
import email.utils
import textwrap
from collections.abc import Iterable
from xml.sax.saxutils import escape

NS = (
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
)


def _day_stamp(day: str, hour: int = 0) -> str:
    moment = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    return email.utils.format_datetime(moment)


def rss(rows: Iterable[dict], day: str, category: str = "cs.LG", types: dict[int, str] | None = None) -> str:
    """An arXiv RSS feed announcing the rows on `day` (types: row index -> announce type)."""
    types = types or {}
    items = []
    for index, row in enumerate(rows):
        kind = types.get(index, "new")
        authors = ", ".join(list(row["authors"] or []))
        items.append(
            f"""    <item>
      <title>{escape(row["title_oneline"])}</title>
      <link>https://arxiv.org/abs/{row["arxiv_id"]}</link>
      <description>arXiv:{row["arxiv_id"]}v{2 if kind.startswith("replace") else 1} Announce Type: {kind} 
Abstract: {escape(row["abstract_oneline"])}</description>
      <guid isPermaLink="false">oai:arXiv.org:{row["arxiv_id"]}v1</guid>
      <category>{category}</category>
      <category>cs.AI</category>
      <pubDate>{_day_stamp(day)}</pubDate>
      <arxiv:announce_type>{kind}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>{escape(authors)}</dc:creator>
    </item>"""
        )
    body = "\n".join(items)
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss {NS} version="2.0">
  <channel>
    <title>{category} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/{category}</link>
    <description>{category} updates on the arXiv.org e-print archive.</description>
    <atom:link href="https://rss.arxiv.org/rss/{category}" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>{_day_stamp(day, 5)}</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>{_day_stamp(day)}</pubDate>
    <skipDays>
      <day>Saturday</day>
      <day>Sunday</day>
    </skipDays>
{body}
  </channel>
</rss>
"""


def atom(rows: Iterable[dict], updated: str) -> str:
    """The answer of arXiv's query API for the rows: summaries wrapped at 80 columns."""
    entries = []
    for row in rows:
        published = row.get("published_at") or f"{updated}T00:00:00Z"
        summary = "\n".join(textwrap.wrap(row["abstract_oneline"], 78, break_on_hyphens=False, break_long_words=False))
        authors = "\n".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in list(row["authors"] or []))
        entries.append(
            f"""  <entry>
    <id>http://arxiv.org/abs/{row["arxiv_id"]}v1</id>
    <updated>{published}</updated>
    <published>{published}</published>
    <title>{escape(textwrap.fill(row["title_oneline"], 70, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False))}</title>
    <summary>  {escape(summary)}
</summary>
{authors}
    <link href="http://arxiv.org/abs/{row["arxiv_id"]}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{row["arxiv_id"]}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""
        )
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dcat%3Acs.LG%26id_list%3D%26start%3D0%26max_results%3D50" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=cat:cs.LG&amp;id_list=&amp;start=0&amp;max_results=50</title>
  <id>http://arxiv.org/api/0rXbzS8a1bPN0D2DRh1pAVXqwUQ</id>
  <updated>{updated}T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1000</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">50</opensearch:itemsPerPage>
{body}
</feed>
"""


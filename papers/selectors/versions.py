"""What a list page reads once, in one query, before it counts or ranks: the data and
bookmarks versions its cache keys hold, each topic's bit, and the newest digest days
the digest facet counts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import NamedTuple

from django.db import connection

# The digest facet counts the newest DIGESTS_COUNTED digest days (a month of daily
# digests) and any selected ones, not all of them. Counting every digest under a broad
# selection reads every paper of that selection: at 1,000,000 papers and 1,000 digests a
# topic with code meant 165,000 papers and 220-1,100 ms. The papers of the newest days are
# found through paper_listed_on_gin instead: 30 days are about 33,000 papers there, and a
# filtered page took 50 ms (median) cold, 60 days 89 ms. A sidebar never showed 1,000
# dates usefully; an older digest is picked by its date (the form under the facet), and
# is then counted like the others.
DIGESTS_COUNTED = 30


class Versions(NamedTuple):
    instance: uuid.UUID  # this database's own id (migration 0006): a restored copy is another
    version: int  # advanced by every write to the papers
    bookmarks: int  # advanced by every write to the bookmarks (migration 0008)
    topic_bits: list | None  # [slug, bit] pairs (facets._topic_bits)
    newest_days: list[dt.date] | None  # the newest DIGESTS_COUNTED digest days, newest first


def read_versions() -> Versions:
    """All of them in one query (the days through digest_newest_idx: a few rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT instance, version, bookmarks,"
            " (SELECT array_agg(ARRAY[slug, bit::text] ORDER BY bit) FROM papers_topic),"
            # Two digest files of one day are one facet value (Paper.listed_on holds dates).
            " (SELECT array_agg(d.date ORDER BY d.date DESC) FROM"
            " (SELECT DISTINCT date FROM papers_digest ORDER BY date DESC LIMIT %s) d)"
            " FROM papers_data_version",
            [DIGESTS_COUNTED],
        )
        return Versions(*cursor.fetchone())

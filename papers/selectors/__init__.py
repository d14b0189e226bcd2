"""Read queries of the portal, in one place: the HTML pages and the JSON API call these.

The faceted list is a fixed number of queries whatever the page size: one reads
the data versions; one counts the facets not yet cached (each facet ignoring its
own selection) and the total; for a signed-in reader one counts the team's facets
from the bookmarks; one reads the ids of the page in order; one loads those papers.
A reading list is the same query over one user's bookmarks (PaperQuery.owner).

By concern: query.py (PaperQuery, the facets and the WHERE they build), facets.py
(facet counts), listing.py (a page of the list: order, ranking, highlights),
paper.py (the paper page), bookmarks.py (savers and a reader's own bookmarks),
versions.py (the data versions, topic bits and newest digest days read once a page).
Callers import from here; tests that patch a module's constant (facets.MOST) patch
that module, since the names here are only references to it.
"""

from papers.selectors.bookmarks import (
    Saver,
    attach_savers,
    own_bookmark,
    own_bookmarks,
    reading_list_rows,
    savers_for,
)
from papers.selectors.facets import facet_counts, warm_first_page
from papers.selectors.listing import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    FacetValue,
    PaperPage,
    ordered_ids,
    search_papers,
)
from papers.selectors.paper import label_names, paper_detail, related_papers
from papers.selectors.query import (
    FACETS,
    PAGE_SIZES,
    SAVED_VALUES,
    SORTS,
    BookmarkFacet,
    Facet,
    PaperQuery,
    facets_for,
    filter_sql,
)

__all__ = [
    "FACETS",
    "HIGHLIGHT_START",
    "HIGHLIGHT_STOP",
    "PAGE_SIZES",
    "SAVED_VALUES",
    "SORTS",
    "BookmarkFacet",
    "Facet",
    "FacetValue",
    "PaperPage",
    "PaperQuery",
    "Saver",
    "attach_savers",
    "facet_counts",
    "facets_for",
    "filter_sql",
    "label_names",
    "own_bookmark",
    "own_bookmarks",
    "ordered_ids",
    "paper_detail",
    "reading_list_rows",
    "related_papers",
    "savers_for",
    "search_papers",
    "warm_first_page",
]

"""papers_paper keeps the columns that filters and counts read inline, the long text
out of line (migration 0009), so counting thousands of rows reads a narrow heap."""

import datetime as dt

import pytest
from django.db import connection

from papers.services.importing import import_digest
from tests.digests import SEED

pytestmark = pytest.mark.django_db


def _one(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_facet_columns_are_plain_and_the_toast_target_is_small():
    storage = dict(_one(
        "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'papers_paper'::regclass AND attnum > 0"
    ))
    assert {c: storage[c] for c in ("listed_on", "topics", "datasets", "code_host", "title_key")} == dict.fromkeys(
        ("listed_on", "topics", "datasets", "code_host", "title_key"), "p"
    )
    assert storage["abstract"] == "x"
    assert _one("SELECT reloptions FROM pg_class WHERE relname = 'papers_paper'") == [(["toast_tuple_target=128"],)]


def test_real_abstracts_live_out_of_line():
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    ((inline, stored),) = _one(
        "SELECT avg(pg_column_size(p.*) - pg_column_size(p.abstract) - pg_column_size(p.search_vector)),"
        " pg_relation_size('papers_paper') / count(*) FROM papers_paper p"
    )
    # The sample's abstracts average over 1 kB; a heap row is now a few hundred bytes.
    assert stored < 600, (inline, stored)

"""What PostgreSQL is set up to do for reading speed: papers_paper keeps the columns
that filters and counts read inline, the long text out of line (migration 0009), so
counting thousands of rows reads a narrow heap; connections get enough work_mem."""

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
    """A fresh copy of the real rows under papers_paper's own settings (dead rows that
    other tests left in papers_paper would blur its size) takes a few hundred bytes a row."""
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    ((options,),) = _one("SELECT reloptions FROM pg_class WHERE relname = 'papers_paper'")
    ((abstract,),) = _one("SELECT avg(octet_length(abstract)) FROM papers_paper")
    for sql in (
        f"CREATE TEMP TABLE probe (LIKE papers_paper INCLUDING STORAGE) WITH ({', '.join(options)})",
        "INSERT INTO probe SELECT * FROM papers_paper",
    ):
        _one_statement(sql)
    ((per_row,),) = _one("SELECT pg_relation_size('probe') / count(*) FROM probe")
    assert abstract > 1000 and per_row < 600, (abstract, per_row)


def _one_statement(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_the_connection_has_the_configured_work_mem(settings):
    """The startup option reaches PostgreSQL (the embedded server and DATABASE_URL alike)."""
    ((work_mem,),) = _one("SHOW work_mem")
    assert work_mem == settings.LECTERN_DB_WORK_MEM == "16MB"

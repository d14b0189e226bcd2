"""fetch_digest against a local HTTP server: the real Hugging Face API files of the test data
and arXiv feeds of real papers; retries on 503 and 429, a timeout, a refused connection, a
malformed feed, conditional requests, and days that were already imported."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from papers.models import Digest, ImportRun, Paper
from papers.sources import fetching
from papers.sources.models import FetchedSource
from papers.services.importing import import_digest
from tests.arxiv_feeds import atom, rss
from tests.digests import API_FILES, papers_by_date
from tests.web import Answer, web  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
HF_DAY = dt.date(2026, 6, 1)
HF_FILE = API_FILES[1]  # the real API answer for 2026-06-01: 49 papers
HF_PATH = "/api/daily_papers?date=2026-06-01"
FEED_DAY = "2026-05-19"
ROWS = papers_by_date()[FEED_DAY]


@pytest.fixture
def sources(web, settings):
    settings.LECTERN_HF_API_URL = f"{web.url}/api/daily_papers"
    settings.LECTERN_ARXIV_RSS_URL = f"{web.url}/rss/"
    settings.LECTERN_FETCH_BACKOFF_MS = 50
    settings.LECTERN_FETCH_TIMEOUT = 5
    return web


def hf_answer() -> Answer:
    return Answer(200, HF_FILE.read_bytes(), {"Content-Type": "application/json"})


def test_hf_imports_the_day_through_the_importer(sources):
    sources.route(HF_PATH, hf_answer())
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "imported", outcome.message
    run = outcome.run
    assert (run.status, run.source, run.source_url) == ("imported", "fetch", f"{sources.url}{HF_PATH}")
    assert (run.format, run.digest_date, run.papers_new) == ("api-json", HF_DAY, 49)
    assert Paper.objects.count() == 49 and Digest.objects.get().date == HF_DAY
    (request,) = sources.asked(HF_PATH)
    assert request.headers["User-Agent"].startswith("Lectern/") and "application/json" in request.headers["Accept"]


def test_a_day_already_imported_changes_nothing_and_is_not_downloaded_again(sources):
    sources.route(HF_PATH, hf_answer())
    first = fetching.fetch_hf(HF_DAY)
    again = fetching.fetch_hf(HF_DAY)
    assert again.result == "already-imported" and again.run == first.run
    assert len(sources.asked(HF_PATH)) == 1
    assert ImportRun.objects.count() == 1 and Digest.objects.count() == 1


def test_a_503_is_retried_with_backoff_then_imported(sources):
    sources.route(HF_PATH, Answer(503, b"busy"), Answer(503, b"busy"), hf_answer())
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "imported"
    asked = sources.asked(HF_PATH)
    assert len(asked) == 3
    assert asked[1].at - asked[0].at >= 0.04 and asked[2].at - asked[1].at >= 0.09  # 50 ms, then 100 ms


def test_a_429_s_retry_after_is_waited_for(sources):
    sources.route(HF_PATH, Answer(429, b"slow down", {"Retry-After": "1"}), hf_answer())
    assert fetching.fetch_hf(HF_DAY).result == "imported"
    first, second = sources.asked(HF_PATH)
    assert second.at - first.at >= 0.95


def test_a_retry_after_that_is_no_number_is_retried_with_the_usual_backoff(sources):
    sources.route(HF_PATH, Answer(503, b"busy", {"Retry-After": "soon"}), hf_answer())
    assert fetching.fetch_hf(HF_DAY).result == "imported"
    assert len(sources.asked(HF_PATH)) == 2


def test_a_server_that_sends_a_byte_now_and_then_is_cut_off(sources, settings):
    settings.LECTERN_FETCH_TIMEOUT = 1
    settings.LECTERN_FETCH_RETRIES = 0
    sources.route(HF_PATH, Answer(200, HF_FILE.read_bytes()[:40], trickle=0.3))
    began = time.monotonic()
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "failed" and "took over 4 s" in outcome.message
    assert time.monotonic() - began < 8


def test_today_s_list_may_grow_so_it_is_fetched_again(sources):
    from django.utils import timezone

    today = timezone.localdate()
    path = f"/api/daily_papers?date={today.isoformat()}"
    items = json.loads(HF_FILE.read_bytes())
    sources.route(path, Answer(200, json.dumps(items[:10]).encode()), Answer(200, json.dumps(items).encode()))
    first = fetching.fetch_hf(today)
    assert first.result == "imported" and "fetch it again tomorrow" in first.message
    second = fetching.fetch_hf(today)
    assert second.result == "imported" and (second.run.papers_new, second.run.papers_known) == (39, 10)
    assert Paper.objects.count() == 49


def test_a_server_that_keeps_failing_is_a_failed_run_storing_nothing(sources, settings):
    settings.LECTERN_FETCH_RETRIES = 2
    sources.route(HF_PATH, Answer(503, b"down"))
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "failed" and not outcome.ok
    assert len(sources.asked(HF_PATH)) == 3
    run = ImportRun.objects.get()
    assert (run.status, run.source_url, run.digest_date) == ("failed", f"{sources.url}{HF_PATH}", HF_DAY)
    assert "503" in run.problems[0]["message"] and "3 tries" in run.problems[0]["message"]
    assert not Paper.objects.exists() and not Digest.objects.exists()
    assert FetchedSource.objects.get().ok is False


def test_a_404_is_not_retried(sources):
    sources.route(HF_PATH, Answer(404, b"nothing"))
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "failed" and "404" in outcome.message
    assert len(sources.asked(HF_PATH)) == 1


def test_a_timeout_is_a_failed_run(sources, settings):
    settings.LECTERN_FETCH_TIMEOUT = 1
    settings.LECTERN_FETCH_RETRIES = 0
    sources.route(HF_PATH, Answer(200, HF_FILE.read_bytes(), delay=3))
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "failed" and "no answer within 1 s" in outcome.message
    assert ImportRun.objects.get().status == "failed" and not Paper.objects.exists()


def test_a_refused_connection_is_a_failed_run(settings):
    settings.LECTERN_HF_API_URL = "http://127.0.0.1:9/api/daily_papers"  # the discard port: nobody listens
    settings.LECTERN_FETCH_RETRIES = 0
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "failed" and "could not connect" in outcome.message
    assert ImportRun.objects.get().status == "failed"


def test_a_file_over_the_limit_is_refused(sources, settings):
    settings.LECTERN_MAX_UPLOAD_BYTES = 10_000
    sources.route(HF_PATH, hf_answer())
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "failed" and "limit" in outcome.message and not Paper.objects.exists()


def test_a_day_without_papers_is_nothing_to_do(sources):
    sources.route(HF_PATH, Answer(200, b"[]", {"Content-Type": "application/json"}))
    outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "nothing-new" and outcome.ok
    assert not ImportRun.objects.exists()


def test_arxiv_imports_new_and_cross_and_counts_replacements(sources):
    import_digest(atom([ROWS[3]], "2026-05-01").encode(), filename="earlier.xml")  # the replaced paper, known
    feed = rss(ROWS[:8], FEED_DAY, types={1: "cross", 3: "replace", 4: "replace-cross"})
    sources.route("/rss/cs.LG", Answer(200, feed.encode(), {"Content-Type": "application/rss+xml", "ETag": '"v1"'}))
    outcome = fetching.fetch_arxiv("cs.LG")
    assert outcome.result == "imported", outcome.message
    run = outcome.run
    assert (run.format, run.digest_date, run.papers_found, run.papers_new) == ("arxiv-rss", dt.date(2026, 5, 19), 6, 6)
    assert run.papers_replaced == 1 and run.filename == "arxiv-cs.LG-2026-05-19.xml"
    assert any("2 new versions" in p["message"] for p in run.problems)
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {r["arxiv_id"] for i, r in enumerate(ROWS[:8]) if i != 4}


def test_arxiv_asks_conditionally_and_a_304_changes_nothing(sources):
    feed = rss(ROWS[:5], FEED_DAY).encode()
    sources.route(
        "/rss/cs.CL",
        Answer(200, feed, {"ETag": '"abc"', "Last-Modified": "Tue, 19 May 2026 04:00:00 GMT"}),
        Answer(304),
    )
    assert fetching.fetch_arxiv("cs.CL").result == "imported"
    second = fetching.fetch_arxiv("cs.CL")
    assert second.result == "not-modified" and ImportRun.objects.count() == 1
    asked = sources.asked("/rss/cs.CL")
    assert asked[1].headers["If-None-Match"] == '"abc"'
    assert asked[1].headers["If-Modified-Since"] == "Tue, 19 May 2026 04:00:00 GMT"


def test_the_same_announcement_fetched_again_without_validators_changes_nothing(sources):
    sources.route("/rss/cs.LG", Answer(200, rss(ROWS[:5], FEED_DAY).encode()))
    assert fetching.fetch_arxiv("cs.LG").result == "imported"
    sources.route("/rss/cs.LG", Answer(200, rss(ROWS[:6], FEED_DAY).encode()))  # changed, same day
    again = fetching.fetch_arxiv("cs.LG")
    assert again.result == "already-imported"
    assert Paper.objects.count() == 5 and ImportRun.objects.count() == 1


def test_a_malformed_feed_stores_nothing(sources):
    broken = rss(ROWS[:5], FEED_DAY).replace("</item>", "", 2)
    sources.route("/rss/cs.LG", Answer(200, broken.encode()))
    outcome = fetching.fetch_arxiv("cs.LG")
    assert outcome.result == "invalid" and not outcome.ok
    run = ImportRun.objects.get()
    assert run.status == "invalid" and run.problems[0]["line"] and "well-formed" in run.problems[0]["message"]
    assert not Paper.objects.exists() and not Digest.objects.exists()


def test_a_weekend_feed_is_nothing_to_do(sources):
    sources.route("/rss/cs.LG", Answer(200, rss([], FEED_DAY).encode()))
    assert fetching.fetch_arxiv("cs.LG").result == "nothing-new"
    assert not ImportRun.objects.exists()


def test_a_fetch_already_running_elsewhere_is_left_alone(sources):
    import psycopg

    params = connection.get_connection_params()
    url = fetching.hf_url(HF_DAY)
    key = fetching._lock_key(url)
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [key])
        outcome = fetching.fetch_hf(HF_DAY)
    assert outcome.result == "busy" and not sources.requests and not ImportRun.objects.exists()


def test_the_command(sources, capsys):
    sources.route(HF_PATH, hf_answer())
    call_command("fetch_digest", "hf", "--date", "2026-06-01")
    out = capsys.readouterr().out
    assert "imported: 49 papers, 49 new, 0 known" in out and "api-json" in out
    sources.route("/rss/cs.LG", Answer(503, b"down"))
    sources.route("/rss/cs.CL", Answer(200, rss(ROWS[:3], FEED_DAY).encode()))
    with pytest.raises(CommandError, match="1 of 2 fetches failed"):
        call_command("fetch_digest", "arxiv", "cs.LG", "cs.CL")
    captured = capsys.readouterr()
    assert "cs.CL: imported" in captured.out and "cs.LG: failed" in captured.err


def test_the_command_s_default_day_is_today_in_the_time_zone(sources, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: often a day ahead of UTC
    from django.utils import timezone

    today = timezone.localdate()
    sources.route(f"/api/daily_papers?date={today.isoformat()}", Answer(200, b"[]"))
    call_command("fetch_digest", "hf")
    assert sources.asked(f"/api/daily_papers?date={today.isoformat()}")


"""send_digests through a real SMTP server: exactly the new matching papers, once, to each reader."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from papers.following import services
from papers.following.digests import send_due_digests
from papers.following.models import DigestEmail, SavedSearch, SentPaper
from papers.models import Paper
from papers.services.importing import import_digest
from tests.digests import papers_by_date
from tests.followers import DAY, ROWS, ada, bob, import_page  # noqa: F401 (fixtures)
from tests.smtp import smtp  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
WORD = "reasoning"


def matching(rows, word=WORD):
    return [r for r in rows if word in (r["title_oneline"] + " " + r["abstract_oneline"]).lower()]


def run(now=None):
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue()


def test_a_followed_search_gets_exactly_its_new_papers_once(smtp, ada):
    import_page(ROWS[:10], day="2025-09-29", name="before.txt")  # imported before the follow: not new
    search = services.follow(ada, f"q={WORD}", "Reasoning")
    import_page(ROWS[10:])
    assert "sent 1 email" in run()
    (message,) = smtp.messages
    want = matching(ROWS[10:])
    assert want and message["To"] == "ada@example.org"
    assert message["Subject"] == f"Lectern: {len(want)} new papers for “Reasoning”"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for row in ROWS:
        listed = row["title_oneline"] in text
        assert listed == (row in want), row["title_oneline"]
    assert all(f"https://arxiv.org/abs/{r['arxiv_id']}" in html for r in want if r["arxiv_id"])
    assert SentPaper.objects.filter(search=search).count() == len(want)
    # A second run has nothing new: nothing is sent.
    assert "sent 0 emails" in run()
    assert len(smtp.messages) == 1


def test_one_email_per_reader_groups_their_searches_and_nothing_goes_when_nothing_is_new(smtp, ada, bob):
    services.follow(ada, f"q={WORD}", "Reasoning")
    services.follow(ada, "q=video", "Video")
    services.follow(ada, "q=zebrafish", "Nothing matches")
    services.follow(bob, "q=zebrafish", "Nothing for Bob")
    import_page(ROWS)
    assert "sent 1 email with" in run()
    (message,) = smtp.messages
    text = message.get_body(("plain",)).get_content()
    assert "== Reasoning (" in text and "== Video (" in text and "Nothing matches" not in text
    assert not smtp.to("bob@example.org")


def test_frequencies_and_due_times(smtp, ada):
    daily = services.follow(ada, f"q={WORD}", "Daily")
    weekly = services.follow(ada, "q=video", "Weekly", email="weekly")
    off = services.follow(ada, "q=agent", "Off", email="off")
    import_page(ROWS)
    now = timezone.now()
    assert send_due_digests(now).emails == 1  # never sent counts as due; "off" is never due
    assert not SentPaper.objects.filter(search=off).exists()
    more = papers_by_date()["2026-06-01"]
    import_page(more, day="2026-06-01", name="next.txt")
    assert send_due_digests(now + dt.timedelta(hours=19)).emails == 0  # daily: not 20 hours yet
    assert send_due_digests(now + dt.timedelta(hours=20)).emails == 1
    sent = DigestEmail.objects.order_by("-id").first()
    assert set(SentPaper.objects.filter(email=sent).values_list("search_id", flat=True)) == {daily.pk}  # weekly waits
    assert send_due_digests(now + dt.timedelta(days=6, hours=12)).emails == 1
    assert SentPaper.objects.filter(search=weekly).count() == len(matching(ROWS, "video")) + len(matching(more, "video"))


def test_an_smtp_refusal_is_retried_next_run_and_the_others_are_sent(smtp, ada, bob):
    for reader in (ada, bob):
        services.follow(reader, f"q={WORD}", "Reasoning")
    import_page(ROWS)
    smtp.refuse.add("ada@example.org")
    with pytest.raises(CommandError, match="1 email\\(s\\) not sent.*ada"):
        run()
    assert [m["To"] for m in smtp.messages] == ["bob@example.org"]
    assert not DigestEmail.objects.filter(user=ada).exists()  # rolled back whole
    smtp.refuse.clear()
    assert "sent 1 email" in run()
    assert [m["To"] for m in smtp.messages] == ["bob@example.org", "ada@example.org"]


def test_a_reader_without_an_address_or_inactive_gets_nothing_and_fails_nothing(smtp, ada, django_user_model):
    quiet = django_user_model.objects.create_user("quiet", email="", password="x")
    gone = django_user_model.objects.create_user("gone", email="gone@example.org", password="x", is_active=False)
    for reader in (quiet, gone):
        services.follow(reader, f"q={WORD}", "Reasoning")
    import_page(ROWS)
    assert "sent 0 emails" in run()
    assert smtp.messages == []


def test_imported_text_is_escaped_in_the_html_part(smtp, ada):
    services.follow(ada, "q=alert", "Hostile")
    row = ROWS[0]
    title = "<script>alert('x')</script> Alert & Reason"
    outcome = import_digest(f"Sep 30, 2025\n\n{title}\n\n{row['abstract']} An alert <b>bold</b>.\n".encode(), filename="h.txt")
    assert outcome.ok, outcome.plan.result.problems
    run()
    html = smtp.messages[0].get_body(("html",)).get_content()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html and "<b>bold</b>" not in html


def test_more_papers_than_one_email_holds_go_in_the_next_ones(smtp, ada, settings, monkeypatch):
    from papers.following import queries

    monkeypatch.setattr(queries, "EMAIL_PAPERS", 5)
    services.follow(ada, "", "Everything")
    import_page(ROWS[:12])
    now = timezone.now()
    send_due_digests(now)
    text = smtp.messages[0].get_body(("plain",)).get_content()
    assert "... and 7 more" in text
    send_due_digests(now + dt.timedelta(hours=21))
    send_due_digests(now + dt.timedelta(hours=42))
    sent = list(SentPaper.objects.values_list("paper_id", flat=True))
    assert len(sent) == len(set(sent)) == 12 == Paper.objects.count()


@pytest.mark.parametrize("zone, hour, expected", [("UTC", 6, False), ("UTC", 7, True), ("UTC", 23, True), ("Europe/Paris", 4, False), ("Europe/Paris", 5, True)])
def test_the_digest_hour_is_read_in_the_portal_s_time_zone(settings, zone, hour, expected):
    from papers.following.tasks import digest_time

    settings.TIME_ZONE, settings.LECTERN_DIGEST_HOUR = zone, 7
    now = dt.datetime(2026, 7, 1, hour, 30, tzinfo=dt.timezone.utc)  # Paris is UTC+2 in July
    assert digest_time(now) is expected

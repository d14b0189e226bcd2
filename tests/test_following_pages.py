"""Following a search from the list page, the followed-searches page, unsubscribing, the account's feed key."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from papers.following import services
from papers.following.models import SavedSearch
from papers.services.importing import import_digest
from tests.digests import page_copy
from tests.followers import DAY, ROWS, ada, bob  # noqa: F401 (fixtures)
from tests.readers import login

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_follow_this_search_saves_the_page_s_state_without_the_page_number(ada):
    client = login(ada, enforce_csrf_checks=False)
    page = soup(client.get("/?q=diffusion&topic=robotics&page=2&page_size=50&sort=newest"))
    form = page.select_one(".follow-form form")
    assert form.select_one("[name=query]")["value"] == "q=diffusion&topic=robotics&sort=newest"
    response = client.post(form["action"], {"query": "q=diffusion&topic=robotics&page=3", "name": "", "email": "weekly",
                                            "next": "/?q=diffusion&topic=robotics"})
    assert response.status_code == 302 and response["Location"] == "/?q=diffusion&topic=robotics"
    (search,) = SavedSearch.objects.all()
    assert (search.user, search.query, search.name, search.email) == (ada, "q=diffusion&topic=robotics", "diffusion", "weekly")
    again = soup(client.get("/?topic=robotics&q=diffusion"))  # the same state in another order
    assert "Following as" in again.select_one(".follow").get_text() and not again.select(".follow-form")


def test_following_needs_an_account_and_csrf(client, ada):
    assert client.post(reverse("papers:following"), {"query": "q=x"}).status_code == 302  # to the log-in page
    assert not SavedSearch.objects.exists()
    strict = login(ada, enforce_csrf_checks=True)
    assert strict.post(reverse("papers:following"), {"query": "q=x"}).status_code == 403
    assert "Follow this search" not in client.get("/").content.decode()  # anonymous (public reading): no form


def test_the_followed_searches_page_counts_renames_changes_and_stops(ada):
    import_digest(page_copy(ROWS[:10], "2025-09-29").encode(), filename="a.txt", today=dt.date(2025, 9, 29))
    search = services.follow(ada, "q=model", "Models")
    import_digest(page_copy(ROWS[10:], DAY).encode(), filename="b.txt", today=dt.date(2025, 9, 30))
    client = login(ada)
    card = soup(client.get(reverse("papers:following"))).select_one(f"#search-{search.pk}")
    counts = card.select_one(".followed-counts").get_text(" ", strip=True)
    total = sum(1 for r in ROWS if "model" in (r["title_oneline"] + " " + r["abstract_oneline"]).lower())
    new = sum(1 for r in ROWS[10:] if "model" in (r["title_oneline"] + " " + r["abstract_oneline"]).lower())
    assert counts.startswith(f"{total} papers") and f"{new} new since you followed it" in counts
    client.post(reverse("papers:following-change", args=[search.pk]), {"name": "Language models", "email": "off"})
    search.refresh_from_db()
    assert (search.name, search.email) == ("Language models", "off")
    client.post(reverse("papers:following-delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_another_reader_s_search_cannot_be_changed_or_stopped(ada, bob):
    search = services.follow(ada, "q=model", "Models")
    client = login(bob)
    assert client.post(reverse("papers:following-change", args=[search.pk]), {"name": "Mine", "email": "off"}).status_code == 404
    assert client.post(reverse("papers:following-delete", args=[search.pk])).status_code == 404
    search.refresh_from_db()
    assert (search.name, search.email) == ("Models", "daily")
    assert "Models" not in client.get(reverse("papers:following")).content.decode()


def test_two_searches_may_not_share_a_name_or_a_state(ada):
    services.follow(ada, "q=model", "Models")
    with pytest.raises(services.FollowError, match="named"):
        services.follow(ada, "q=agent", "Models")
    with pytest.raises(services.FollowError, match="already"):
        services.follow(ada, "q=model&page=4", "Other")


def test_the_team_page_shows_what_others_follow_names_and_links_not_emails(ada, bob):
    services.follow(bob, "q=robot&topic=robotics", "Robots")
    services.follow(ada, "q=model", "Mine, not shown to me as the team's")
    page = soup(login(ada).get(reverse("papers:team"))).select_one(".team-searches")
    links = [(a.get_text(strip=True), a["href"]) for a in page.select("a")]
    assert links == [("Robots", "/?q=robot&topic=robotics")]
    assert "daily" not in page.get_text() and "bob@example.org" not in page.get_text()


def test_an_unsubscribe_link_stops_that_search_s_emails_without_logging_in(client, ada):
    keep = services.follow(ada, "q=model", "Models")
    stop = services.follow(ada, "q=agent", "Agents")
    url = reverse("papers:unsubscribe", args=[services.unsubscribe_token(ada.pk, [stop.pk])])
    page = client.get(url)  # asks first: link scanners follow links
    assert page.status_code == 200 and "Agents" in page.content.decode()
    stop.refresh_from_db()
    assert stop.email == "daily"
    # RFC 8058: the mail client posts "List-Unsubscribe=One-Click", no CSRF token, no session.
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    stop.refresh_from_db()
    keep.refresh_from_db()
    assert (stop.email, keep.email) == ("off", "daily")


def test_a_forged_or_altered_unsubscribe_link_is_a_404(client, ada):
    search = services.follow(ada, "q=model", "Models")
    token = services.unsubscribe_token(ada.pk, [search.pk])
    assert client.post(reverse("papers:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404
    search.refresh_from_db()
    assert search.email == "daily"


def test_the_account_page_issues_and_revokes_the_feed_key(ada):
    client = login(ada)
    assert "Create feed addresses" in client.get(reverse("papers:account")).content.decode()
    client.post(reverse("papers:account"), {"action": "new-key"})
    token = services.feed_token(ada)
    page = client.get(reverse("papers:account")).content.decode()
    assert token and reverse("papers:feed-latest", args=[token]) in page
    client.post(reverse("papers:account"), {"action": "revoke-key"})
    assert services.feed_token(ada) is None
    assert client.get(reverse("papers:feed-latest", args=[token])).status_code == 404

"""Every page under the Content Security Policy, in headless Chromium: none is refused anything.

The policy (settings.CONTENT_SECURITY_POLICY, sent by django-csp) allows no inline script
and no inline style. A page that still carried one would lose it in a real browser: the
test listens for the browser's own reports (the console's "Content Security Policy"
messages and the `securitypolicyviolation` event) on every page a reader and an
administrator can reach, the Django admin and the API's pages included, and runs the
pages' scripts (save a paper, preview an import) so their behaviour is seen to survive.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import admin

from papers.following.services import follow
from papers.models import ImportRun, Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.admin_import_helpers import PASSWORD, migrated_data_back  # noqa: F401
from tests.browser import chromium_page
from tests.digests import SEED, papers_by_date, plain_digest

pytestmark = pytest.mark.usefixtures("migrated_data_back")

# Recorded in the page before any of its own scripts run (init scripts are not subject to the policy).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


class Watch:
    """Collects every CSP complaint of every page the browser shows."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.visited: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.page.url}: {message.text}")

    def collect(self) -> None:
        self.visited.append(self.page.url)
        for report in self.page.evaluate("() => window.__csp || []"):
            self.problems.append(f"{self.page.url}: {report}")

    def goto(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status < 400, f"{url} answered {response and response.status}"
        assert "content-security-policy" in response.headers, f"{url} has no policy"
        self.page.wait_for_load_state("load")
        self.collect()


def _admin_pages(base: str) -> list[str]:
    """Every registered model's list and add page, and the change page of its first row."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{base}/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(prefix)
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls.append(f"{prefix}{first.pk}/change/")
        if model_admin.has_add_permission(_SuperRequest()):
            urls.append(prefix + "add/")
    return urls


class _SuperRequest:
    class user:  # noqa: N801 - enough of a request for has_add_permission
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*_args, **_kwargs):
            return True


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(live_server, django_user_model, settings, tmp_path):
    settings.LECTERN_SELF_REGISTRATION = True
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD, first_name="Boss")
    reader = django_user_model.objects.create_user("reader", password=PASSWORD)
    papers = list(Paper.objects.order_by("-last_listed_on", "-id")[:3])
    save_bookmark(boss, papers[1], status="reading", note="Check the ablation table.")
    save_bookmark(reader, papers[2])
    follow(boss, "q=language+models", name="LLM papers")
    run = ImportRun.objects.get()
    rows = papers_by_date()["2024-10-10"]
    upload = tmp_path / "oct-10.txt"
    upload.write_text(plain_digest(rows, "2024-10-10", year=True), encoding="utf-8")
    base = live_server.url

    with chromium_page() as page:
        watch = Watch(page)
        # Signed out: the log-in, sign-up and password reset pages.
        for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password_reset/", "/admin/login/"):
            watch.goto(base + path)

        watch.goto(base + "/accounts/login/")
        page.fill("#id_username", "boss")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        watch.collect()

        # The reading pages, and their scripts: save a paper in place, change its status.
        card = page.locator(f"article[aria-labelledby='paper-{papers[0].pk}']")
        card.get_by_role("button", name=re.compile("^Save")).click()
        card.locator(".bm-edit").wait_for(state="visible")
        card.locator("select[name=status]").select_option("read")
        page.wait_for_function(
            "() => document.querySelector(\"article[aria-labelledby='paper-%d'] .saver.s-read\")" % papers[0].pk
        )
        watch.collect()
        reading = [
            "/?q=language+models",
            "/?q=language+models&sort=date&saved=team",
            "/?page=2",
            f"/papers/{papers[1].pk}/",
            "/reading-list/",
            "/team/",
            "/team/reader/",
            "/following/",
            "/account/",
            "/accounts/password_change/",
            "/api/",
            "/api/papers/",
            f"/api/papers/{papers[1].pk}/",
            "/api/docs/",
        ]
        for path in reading:
            watch.goto(base + path)
        page.locator(".swagger-ui .info").wait_for()  # Swagger UI started from its own file
        watch.collect()

        # The admin: every model's pages, the import flow, an import's record and its undo page.
        watch.goto(base + "/admin/")
        for url in _admin_pages(base):
            watch.goto(url)
        watch.goto(f"{base}/admin/papers/importrun/{run.pk}/undo/")
        watch.goto(base + "/admin/papers/digest/import/")
        page.set_input_files("#id_files", [str(upload)])
        assert page.locator(".dropzone-files li").count() == 1  # the upload page's script ran
        page.click("input[type=submit][value=Preview]")
        page.wait_for_url(re.compile(r"/import/preview/\?files="))
        watch.collect()
        page.click("input[type=submit][value='Import the ticked files']")
        page.wait_for_url(re.compile(r"/import/results/\?runs="))
        watch.collect()

    assert len(watch.visited) > 35
    assert watch.problems == [], "\n".join(watch.problems)


def test_the_watch_sees_an_inline_script_refused():
    """The listener is not blind: a page with an inline script and style is reported."""
    with chromium_page() as page:
        watch = Watch(page)
        page.route(
            "http://lectern.invalid/probe",
            lambda route: route.fulfill(
                status=200,
                content_type="text/html",
                headers={"Content-Security-Policy": "script-src 'self'; style-src 'self'"},
                body="<p style='color:red'>x</p><script>document.title='ran'</script>",
            ),
        )
        page.goto("http://lectern.invalid/probe")
        watch.collect()
        assert page.title() != "ran"
    assert any("script-src" in p for p in watch.problems)
    assert any("style-src" in p for p in watch.problems)


@pytest.mark.django_db
def test_the_policy_allows_no_inline_script_or_style(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy

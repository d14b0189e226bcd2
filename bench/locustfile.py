"""The readers and the administrator of bench/load.py, for locust (run by it, never imported by Django).

Each reader logs in with an account of its own, then, with a pause of 0.5–2.5 s between
steps as a person reading would take (none with `bench/load.py --no-think`), opens list pages with facets, searches, paper
pages, saves and unsaves papers (as the page's script does), calls the JSON API with a
token of its own, reads a feed, its reading list and /healthz. One administrator uploads
a digest in the admin half-way through the run, previews it and imports it.

What it needs (accounts, tokens, feed addresses, ids, words, the file) is in the JSON
file named by LECTERN_LOAD_SETUP, written by bench/load.py.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import FastHttpUser, HttpUser, between, constant, task

SETUP = json.loads(open(os.environ["LECTERN_LOAD_SETUP"], encoding="utf-8").read())
ACCOUNTS = itertools.cycle(SETUP["readers"])
STARTED = time.monotonic()


def _log_in(user: HttpUser, username: str, password: str, login_path: str) -> None:
    user.client.get(login_path, name="log in")
    csrf = user.client.cookies.get("csrftoken", "")
    with user.client.post(
        login_path, {"username": username, "password": password, "csrfmiddlewaretoken": csrf},
        name="log in", allow_redirects=False, catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"log-in of {username} answered {response.status_code}")


class Reader(HttpUser):
    wait_time = between(*SETUP["think"])  # seconds between steps; 0 0 with --no-think

    def on_start(self) -> None:
        account = next(ACCOUNTS)
        self.token = account["api_token"]
        self.feeds = account["feeds"]
        _log_in(self, account["username"], account["password"], "/accounts/login/")

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Accept": "application/json"}

    @task(5)
    def list_with_facets(self) -> None:
        topic, dataset = random.choice(SETUP["topics"]), random.choice(SETUP["datasets"])
        path = random.choice([
            "/", "/?sort=date", f"/?topic={topic}", f"/?topic={topic}&dataset={dataset}",
            f"/?page={random.randint(2, 50)}", f"/?topic={topic}&sort=title",
        ])
        self.client.get(path, name="list page (facets)")

    @task(4)
    def search(self) -> None:
        words = random.choice([SETUP["selective_words"], SETUP["broad_words"]])
        self.client.get(f"/?q={random.choice(words)}", name="search page")

    @task(5)
    def paper_page(self) -> None:
        self.client.get(f"/papers/{random.choice(SETUP['paper_ids'])}/", name="paper page")

    @task(2)
    def save_and_unsave(self) -> None:
        paper = random.choice(SETUP["paper_ids"])
        status = random.choice(["", "reading", "read"])
        self.client.post(f"/papers/{paper}/bookmark/", {"status": status}, headers=self._csrf(), name="save")
        if random.random() < 0.3:
            self.client.post(f"/papers/{paper}/bookmark/delete/", headers=self._csrf(), name="unsave")

    @task(3)
    def api(self) -> None:
        headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        if random.random() < 0.5:
            word = random.choice(SETUP["selective_words"] + SETUP["broad_words"])
            self.client.get(f"/api/papers/?q={word}", headers=headers, name="api: papers search")
        else:
            self.client.get(f"/api/papers/{random.choice(SETUP['paper_ids'])}/", headers=headers, name="api: paper")

    @task(1)
    def feed(self) -> None:
        self.client.get(random.choice(self.feeds), name="feed")

    @task(1)
    def reading_list(self) -> None:
        self.client.get("/reading-list/", name="reading list")

    @task(1)
    def health(self) -> None:
        self.client.get("/healthz", name="healthz")


class Administrator(HttpUser):
    """Imports one digest through the admin pages, once, at SETUP["import_at"] seconds."""

    fixed_count = 1
    wait_time = constant(1)

    def on_start(self) -> None:
        self.done = False
        admin = SETUP["administrator"]
        _log_in(self, admin["username"], admin["password"], "/admin/login/?next=/admin/")

    @task
    def import_once(self) -> None:
        if self.done or time.monotonic() - STARTED < SETUP["import_at"]:
            return
        self.done = True
        self.client.get("/admin/papers/digest/import/", name="admin import: upload page")
        csrf = self.client.cookies.get("csrftoken", "")
        with open(SETUP["import_file"], "rb") as handle:
            files = {"files": (os.path.basename(SETUP["import_file"]), handle, "text/plain")}
            with self.client.post(
                "/admin/papers/digest/import/", data={"csrfmiddlewaretoken": csrf}, files=files,
                name="admin import: upload + preview", catch_response=True,
            ) as preview:
                ids = re.search(r'name="files" value="([0-9,]+)"', preview.text)
                if not ids:
                    preview.failure("the preview page has no files to confirm")
                    return
        upload = ids.group(1)
        with self.client.post(
            "/admin/papers/digest/import/confirm/",
            data={"csrfmiddlewaretoken": csrf, "files": upload, "upload": upload.split(","), "_import": "1"},
            name="admin import: confirm", catch_response=True,
        ) as result:
            if "imported" not in result.text:
                result.failure("the results page does not say the file was imported")


class Focused(FastHttpUser):
    """`bench/load.py --only KIND`: one kind of request and no pause, to measure how many
    requests per second the server answers for it. Signed in by a session made beforehand
    (no log-in traffic); the lighter HTTP client leaves more of the cores to the server."""

    wait_time = constant(0)

    def on_start(self) -> None:
        account = next(ACCOUNTS)
        self.headers = {"Cookie": f"sessionid={account['session']}"}
        self.api_headers = {"Authorization": f"Token {account['api_token']}", "Accept": "application/json"}

    @task
    def one_kind(self) -> None:
        kind = SETUP["only"]
        if kind == "list":
            topic = random.choice(SETUP["topics"])
            path = random.choice(["/", f"/?topic={topic}", f"/?page={random.randint(2, 50)}", "/?sort=date"])
            self.client.get(path, headers=self.headers, name="list page (facets)")
        elif kind == "search":
            words = random.choice([SETUP["selective_words"], SETUP["broad_words"]])
            self.client.get(f"/?q={random.choice(words)}", headers=self.headers, name="search page")
        elif kind == "paper":
            self.client.get(f"/papers/{random.choice(SETUP['paper_ids'])}/", headers=self.headers, name="paper page")
        elif kind == "api":
            self.client.get("/api/papers/", headers=self.api_headers, name="api: papers")
        else:
            raise ValueError(f"unknown kind {kind!r}")

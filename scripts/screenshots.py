"""Screenshot pages of a running portal in headless Chromium, light and dark, wide and narrow.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000/ /papers/1/ --out test-artifacts/shots

Needs Debian's chromium (/usr/bin/chromium); writes one PNG per page, theme and width.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"wide": (1280, 900), "narrow": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("paths", nargs="*", default=["/"])
    parser.add_argument("--out", type=Path, default=Path("test-artifacts/shots"))
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--login", help="username:password to log in through the portal's log-in page first")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for name, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                page = context.new_page()
                if args.login:
                    user, password = args.login.split(":", 1)
                    page.goto(urljoin(args.base, "/accounts/login/"))
                    page.fill("#id_username", user)
                    page.fill("#id_password", password)
                    page.click("main form [type=submit]")
                    page.wait_for_load_state()
                for path in args.paths:
                    page.goto(urljoin(args.base, path))
                    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                    target = args.out / f"{slug}-{scheme}-{name}.png"
                    page.screenshot(path=str(target), full_page=args.full_page)
                    print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()

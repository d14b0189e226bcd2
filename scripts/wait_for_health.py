"""Wait until a Lectern server answers 200 on /healthz: `make run` uses it to say when the
portal is up, and the load and fault checks before they start.

    python scripts/wait_for_health.py http://127.0.0.1:8000/healthz [--timeout 60]

Exits 0 once healthy; 1 with the last answer (or error) when the time is up.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request


def wait(url: str, timeout: float) -> tuple[bool, str]:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return True, response.read().decode()
        except urllib.error.HTTPError as error:
            last = f"{error.code}: {error.read().decode(errors='replace')[:200]}"
        except (urllib.error.URLError, OSError) as error:
            last = str(getattr(error, "reason", error))
        time.sleep(0.25)
    return False, last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    ok, answer = wait(args.url, args.timeout)
    if not ok:
        print(f"{args.url} is not healthy after {args.timeout:.0f} s: {answer}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

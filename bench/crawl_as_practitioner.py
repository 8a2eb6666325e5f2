"""Crawl children's records as one signed-in person, the way a copying script would, and say
when the portal stopped answering (the bulk-access alarm paused the account).

Not a test: a drill for a setting's managers and the portal's operators, against a running
portal (a demo or staging one, never with real families' data). Sign in as a member of staff
in a browser, copy the session cookie's value, then:

    .venv/bin/python bench/crawl_as_practitioner.py --base-url http://localhost:8000 \
        --session <the sessionid cookie> [--cookie-name sessionid] [--limit 100]

It reads the children list, opens each child's record in turn and prints one line a page:
the status and the time taken. The managers should have an "Unusual access" alert (email and
home page) within the minute of the role's alert threshold, and the crawler should get "Your
access is paused" (403) soon after the pause threshold. tests/privacy/test_crawl.py runs the
same crawl against a live server with a real Celery worker.
"""

import argparse
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

CHILD_LINK = re.compile(r'href="(/children/[0-9a-f-]{36}/)"')
PAUSED = "Your access is paused"


@dataclass
class Answer:
    path: str
    status: int
    seconds: float
    paused: bool


def get(base_url: str, path: str, cookie: str) -> tuple[int, str]:
    if not base_url.startswith(("http://", "https://")):
        raise ValueError("The base URL is the portal's http:// or https:// address.")
    request = urllib.request.Request(  # noqa: S310 (only http and https, checked above)
        base_url.rstrip("/") + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def child_paths(base_url: str, cookie: str) -> list[str]:
    """The children's record pages linked from the children list, in order, once each."""
    _status, page = get(base_url, "/children/", cookie)
    return list(dict.fromkeys(CHILD_LINK.findall(page)))


def crawl(base_url: str, cookie: str, paths: list[str]) -> Iterator[Answer]:
    """Open each path in turn; stop after the first paused answer."""
    for path in paths:
        started = time.monotonic()
        status, page = get(base_url, path, cookie)
        answer = Answer(path, status, time.monotonic() - started, PAUSED in page)
        yield answer
        if answer.paused:
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--session", required=True, help="the session cookie's value")
    parser.add_argument("--cookie-name", default="sessionid")
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    cookie = f"{args.cookie_name}={args.session}"
    paths = child_paths(args.base_url, cookie)[:args.limit]
    if not paths:
        print("No children found: is the session cookie right, and the person staff?")
        return 1
    started = time.monotonic()
    for number, answer in enumerate(crawl(args.base_url, cookie, paths), start=1):
        print(f"{time.monotonic() - started:7.1f}s  {number:4d}  {answer.status}  "
              f"{answer.seconds * 1000:6.0f} ms  {answer.path}"
              + ("  PAUSED" if answer.paused else ""))
        if answer.paused:
            return 0
    print(f"Crawled {len(paths)} children without being paused.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Nothing the user types leaves the browser: every request, the Python worker's included, goes
to the site's own origin, fetches a file of the built site (no query string: nothing can ride
along), is a GET, and carries none of the answers, before or after the calculator is ready.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request

from calculator_page import CalculatorPage, claim_from_url, link_fragment
from claims import INTERN
from conftest import SITE
from headers_server import site_pages
from test_site import LANGUAGES, _prefix

#: Values nobody else would send: found in a request, they could only come from the form.
SALARY = 234_567
BONUS = 876_543
CLAIM = {
    **INTERN,
    "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": SALARY}],
    "bonuses": [{"month": "2025-12", "amount": BONUS}],
}


@dataclass
class Seen:
    method: str
    url: str
    body: str
    resource: str
    after_ready: bool


class Recorder:
    def __init__(self, context: BrowserContext) -> None:
        self.requests: list[Seen] = []
        self.ready = False
        context.on("request", self.record)  # pages, workers and service workers alike

    def record(self, request: Request) -> None:
        try:
            body = request.post_data or ""
        except UnicodeDecodeError:  # a binary body: keep what can be read of it
            body = (request.post_data_buffer or b"").decode("utf-8", "replace")
        self.requests.append(Seen(request.method, request.url, body, request.resource_type,
                                  self.ready))

    def check(self, origin: str, secrets: list[str]) -> None:
        problems = []
        for seen in self.requests:
            parts = urlsplit(seen.url)
            if parts.scheme in ("data", "blob"):
                continue  # made in the page, never sent anywhere
            if f"{parts.scheme}://{parts.netloc}" != origin:
                problems.append(f"another host: {seen.url}")
            if seen.method != "GET":
                problems.append(f"{seen.method} {seen.url}")
            for secret in secrets:
                if secret in seen.url or secret in unquote(seen.url) or secret in seen.body:
                    problems.append(f"{secret!r} sent in {seen.method} {seen.url}")
            if not _is_site_file(parts.path, parts.query):
                when = "after the page was ready" if seen.after_ready else "while loading"
                problems.append(f"{when}, not a file of the site: {seen.url}")
        assert not problems, "\n".join(problems)


def _is_build_query(path: str, query: str) -> bool:
    """The one query the site sends: runtime.js gives calc_boot.mjs the build's own fast-start
    manifest (fastboot.json, fixed at build time; nothing the user typed)."""
    if not path.endswith("/assets/calc_boot.mjs"):
        return False
    fields = parse_qs(query, strict_parsing=True)
    manifest = json.loads((SITE / "assets/pyodide/fastboot.json").read_text(encoding="utf-8"))
    return set(fields) == {"m"} and [json.loads(v) for v in fields["m"]] == [manifest]


def _is_site_file(path: str, query: str) -> bool:
    if query and not _is_build_query(path, query):
        return False
    file = (SITE / unquote(path).lstrip("/")).resolve()
    if file.is_dir():
        file = file / "index.html"
    return file.is_file() and SITE.resolve() in file.parents


@pytest.fixture
def recorder(context: BrowserContext) -> Iterator[Recorder]:
    yield Recorder(context)


def _origin(site_url: str) -> str:
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_calculator_sends_nothing_it_is_told(page: Page, site_url: str, recorder: Recorder,
                                             lang: str) -> None:
    calculator = CalculatorPage(page, site_url)
    page.goto(site_url + _prefix(lang) + "calculator/")
    calculator.wait_python()
    recorder.ready = True
    calculator.fill(CLAIM)
    calculator.assert_matches_engine(CLAIM)
    fragment = page.url.split("#", 1)[1]
    assert fragment.startswith("c=") and claim_from_url(page.url)["bonuses"]
    # Every way the page can be used after that: another answer, a shared link opened, the
    # result reset by a corrupt link, the other mode.
    page.fill("#lsc-other-income", "3456789")
    calculator.wait_result("ready")
    page.goto(site_url + _prefix(lang) + "calculator/" + link_fragment(CLAIM))
    calculator.assert_matches_engine(CLAIM)
    page.wait_for_timeout(500)  # anything sent late would still be seen
    secrets = [str(SALARY), f"{SALARY:,}", str(BONUS), "3456789", fragment[2:40]]
    recorder.check(_origin(site_url), secrets)
    assert any(s.after_ready for s in recorder.requests), "the recorder saw nothing"
    assert any("pyodide" in s.url for s in recorder.requests), "the worker was not recorded"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_site_pages_fetch_only_their_own_files(page: Page, site_url: str, recorder: Recorder,
                                               lang: str) -> None:
    pages = site_pages(SITE, lang, LANGUAGES)
    assert len(pages) >= 10 and _prefix(lang) + "calculator/" in pages
    for path in pages:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.fill("tax")
    query.press("End")  # Material reads the query on a key, as a reader types it
    page.wait_for_timeout(500)
    recorder.check(_origin(site_url), [])
    assert len(recorder.requests) > len(pages)


def test_the_recorder_catches_a_leak(page: Page, site_url: str, recorder: Recorder,
                                     no_page_errors: list[str]) -> None:
    """The check itself: a page that posted an answer home, or put it in a URL, would fail."""
    page.goto(site_url + "calculator/")
    recorder.ready = True
    page.evaluate(f"""async () => {{
        await fetch("collect", {{method: "POST", body: "salary={SALARY}"}}).catch(() => null);
        await fetch("../assets/javascripts/a11y.js?s={SALARY}").catch(() => null);
    }}""")
    with pytest.raises(AssertionError) as failed:
        recorder.check(_origin(site_url), [str(SALARY)])
    report = str(failed.value)
    assert f"POST {site_url}calculator/collect" in report
    assert f"'{SALARY}' sent in POST" in report and f"'{SALARY}' sent in GET" in report
    assert "not a file of the site" in report
    no_page_errors.clear()  # the server's 501 for the POST

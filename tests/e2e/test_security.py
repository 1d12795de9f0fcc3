"""The Content-Security-Policy (hooks/security.py): the site works under it, and it holds.

Every test here records CSP violations three ways and fails on any: the page's
`securitypolicyviolation` events (from every document the test opens), the reports the browser
sends to the test server (the only way to hear about violations inside workers, PyScript's
Python worker included), and console errors and page errors (conftest's `no_page_errors`).
The policy is tested as the <meta> tag in each page, and as a real HTTP header sent from
`_headers`, the way Netlify or Cloudflare Pages would send it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from calculator_page import BOOT_TIMEOUT_MS, CalculatorPage, link_fragment
from claims import DETAILED, INTERN
from conftest import SITE
from headers_server import (
    PolicyServer,
    meta_policy,
    parse_headers_file,
    served_headers,
    site_pages,
)
from test_site import LANGUAGES

RECORD = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__lscViolation([event.effectiveDirective, event.blockedURI,
    `${event.sourceFile}:${event.lineNumber}`, event.sample].join(" | "));
}, true);
"""
#: What a page's policy must and must never contain.
REQUIRED = {
    "default-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "connect-src": ["'self'"],
    "style-src": ["'self'"],
}
NEVER = ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"]
NEVER_IN_META = ["frame-ancestors", "report-uri", "report-to", "sandbox"]


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


def script_hashes(page: str) -> set[str]:
    """Independently of the hook: the hash of every inline script a browser would run."""
    found = set()
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S):
        if "src=" in attributes or "application/json" in attributes:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        found.add(f"'sha256-{digest}'")
    return found


# --- what the build writes ---------------------------------------------------------------------

def test_every_page_carries_the_policy_before_anything_it_governs() -> None:
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) > 70
    for path in pages:
        text = path.read_text(encoding="utf-8")
        policy = meta_policy(text)
        assert policy, f"{path}: no Content-Security-Policy <meta>"
        assert text.count('http-equiv="Content-Security-Policy"') == 1, path
        head = text[: text.index("<meta http-equiv")]
        assert re.search(r"<meta charset=", head) and not re.search(r"<(script|link|style)\b",
                                                                    head), path
        parsed = directives(policy)
        for name, sources in REQUIRED.items():
            assert parsed[name] == sources, (path, name)
        assert "'wasm-unsafe-eval'" in parsed["script-src"]
        assert set(parsed["worker-src"]) == {"'self'", "blob:"}
        hashes = {s for s in parsed["script-src"] if s.startswith("'sha256-")}
        assert hashes == script_hashes(text), path  # exactly this page's inline scripts
        for name, sources in parsed.items():
            assert name not in NEVER_IN_META, (path, name)
            forbidden = NEVER if name != "img-src" else [x for x in NEVER if x != "data:"]
            assert not set(sources) & set(forbidden), (path, name, sources)


@pytest.mark.parametrize("host", ["cloudflare", "netlify"])
def test_headers_file_sends_the_policy_and_lets_only_embeds_be_framed(host: str) -> None:
    rules = parse_headers_file((SITE / "_headers").read_text(encoding="utf-8"))
    union = set().union(*(script_hashes(p.read_text(encoding="utf-8"))
                          for p in SITE.rglob("*.html")))
    page_policy = directives(meta_policy((SITE / "calculator" / "index.html").read_text()) or "")
    for path in ["/", "/calculator/", "/ja/calculator/", "/tax/", "/assets/pyodide/pyodide.mjs",
                 "/embed/", "/vi/embed/", "/zh/embed/"]:
        sent = served_headers(rules, path, host)
        assert sent["x-content-type-options"] == "nosniff"
        assert sent["referrer-policy"] == "no-referrer"
        permissions = sent["permissions-policy"].replace(" ", "").split(",")
        assert {"camera=()", "microphone=()", "geolocation=()"} <= set(permissions)
        policy = sent["content-security-policy"]
        assert "," not in policy, f"{path}: two policies would both apply: {policy}"
        parsed = directives(policy)
        embed = path.endswith("/embed/")
        assert parsed.pop("frame-ancestors") == (["*"] if embed else ["'none'"]), path
        hashes = {s for s in parsed["script-src"] if s.startswith("'sha256-")}
        assert hashes == union, path  # every page's inline scripts, and nothing else
        without_hashes = {name: [s for s in sources if not s.startswith("'sha256-")]
                          for name, sources in parsed.items()}
        assert without_hashes == {name: [s for s in sources if not s.startswith("'sha256-")]
                                  for name, sources in page_policy.items()}, path


# --- in the browser ----------------------------------------------------------------------------

class Violations:
    def __init__(self) -> None:
        self.seen: list[str] = []
        self.servers: list[PolicyServer] = []

    def all(self) -> list[str]:
        return self.seen + [line for server in self.servers for line in server.report_lines()]

    def forget(self) -> None:
        self.seen.clear()
        for server in self.servers:
            server.reports.clear()


@pytest.fixture(autouse=True)
def violations(page: Page) -> Iterator[Violations]:
    found = Violations()
    page.expose_function("__lscViolation", lambda line: found.seen.append(line))
    page.add_init_script(RECORD)
    yield found
    page.wait_for_timeout(300)  # reports are sent asynchronously
    assert not found.all(), "CSP violations:\n" + "\n".join(found.all())


@pytest.fixture(scope="module", params=["meta", "header"])
def policy_server(request: pytest.FixtureRequest) -> Iterator[PolicyServer]:
    with PolicyServer(SITE, request.param).running() as server:
        yield server


@pytest.fixture
def served(policy_server: PolicyServer, violations: Violations) -> PolicyServer:
    policy_server.reports.clear()
    violations.servers.append(policy_server)
    return policy_server


def _check_policy_is_sent(page: Page, server: PolicyServer, path: str) -> None:
    response = page.goto(server.url + path)
    assert response is not None and response.ok
    headers = response.headers
    if server.mode == "header":
        framing = "*" if path.endswith("embed/") else "'none'"  # the embed is made to be framed
        assert f"frame-ancestors {framing}" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    else:
        assert "content-security-policy" not in headers  # the <meta> alone enforces it


def test_calculator_computes_under_the_policy(page: Page, served: PolicyServer) -> None:
    _check_policy_is_sent(page, served, "calculator/")
    calculator = CalculatorPage(page, served.url)
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)

    page.fill("#lsc-epi-rows > li:first-child [data-key=amount]", "23o000")  # an error shown
    calculator.wait_result("error")
    expect(calculator.error_for("#lsc-epi-rows > li:first-child [data-key=amount]")).to_be_visible()

    calculator.open(link_fragment(DETAILED))  # a shared link, detailed mode, bonuses
    calculator.wait_python()
    calculator.assert_matches_engine(DETAILED)


def test_site_pages_work_under_the_policy(page: Page, served: PolicyServer) -> None:
    for lang in ("en", "ja"):
        pages = site_pages(SITE, lang, LANGUAGES)
        assert len(pages) >= 10
        for path in pages:
            _check_policy_is_sent(page, served, path)
            page.wait_for_load_state("networkidle")
    # What Material's scripts do on a page: search (a worker and its index), the colour
    # palette, content tabs, and submitting the search form (form-action 'none').
    page.goto(served.url + "how-it-is-calculated/")
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.fill("withholding")
    query.press("End")  # Material reads the query on a key, as a reader types it
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    query.press("Enter")
    page.keyboard.press("Escape")
    page.locator("[data-md-component='palette'] label:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    tabs = page.locator(".tabbed-labels label")
    if tabs.count() > 1:
        tabs.nth(1).click()


def test_a_violation_is_caught(page: Page, served: PolicyServer, violations: Violations,
                               no_page_errors: list[str]) -> None:
    """The detection itself: markup that slipped through is stopped and reported."""
    page.goto(served.url + "calculator/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.pwned = 'script'";
        document.body.append(script);
        document.querySelector("h1").setAttribute("style", "color: red");
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.pwned") is None
    assert any(line.startswith("script-src-elem | inline") for line in violations.seen)
    assert any(line.startswith("style-src-attr | inline") for line in violations.seen)
    assert any("Content Security Policy" in problem for problem in no_page_errors)
    violations.forget()
    no_page_errors.clear()


def test_a_violation_in_the_python_worker_is_caught(page: Page, violations: Violations,
                                                    no_page_errors: list[str]) -> None:
    """Without 'wasm-unsafe-eval' Pyodide cannot start: its worker's violation is heard."""
    server = PolicyServer(SITE, "header",
                          alter=lambda policy: policy.replace(" 'wasm-unsafe-eval'", ""))
    with server.running():
        page.goto(server.url + "calculator/")
        for _ in range(600):
            if server.reports:
                break
            page.wait_for_timeout(100)
        page.wait_for_timeout(300)
        reports = server.report_lines()
        assert page.locator("#calc-status").get_attribute("data-state") != "ready"
        page.goto("about:blank")  # before the server stops: the page may still be fetching
    assert any(line.startswith("script-src blocked wasm-eval in blob") for line in reports), \
        reports
    violations.forget()
    no_page_errors.clear()  # the page says it could not load, as it should


HOST_HEAD = '<link rel="icon" href="data:,">'  # another site's page, with no favicon to fetch


def test_pages_refuse_to_be_framed_by_other_sites(page: Page, violations: Violations,
                                                  no_page_errors: list[str],
                                                  other_origin: tuple[str, Path]) -> None:
    server = PolicyServer(SITE, "header")
    host_url, folder = other_origin
    with server.running():
        framed = server.url + "calculator/"
        (folder / "framed.html").write_text(
            f'<!doctype html><title>host</title>{HOST_HEAD}<iframe src="{framed}" title="framed">'
            '</iframe>')
        page.goto(host_url + "framed.html")
        page.wait_for_timeout(1000)
        frame = next(f for f in page.frames if f != page.main_frame)
        assert frame.url != framed or frame.locator("#calculator").count() == 0
        assert any("frame-ancestors" in line for line in server.report_lines())
        # The embeddable calculator may be framed by anyone.
        server.reports.clear()
        (folder / "embed.html").write_text(
            f'<!doctype html><title>host</title>{HOST_HEAD}<iframe src="{server.url}embed/" '
            'title="embed"></iframe>')
        page.goto(host_url + "embed.html")
        frame = page.frame_locator("iframe")
        expect(frame.locator("#calculator")).to_have_count(1)
        expect(frame.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                               timeout=BOOT_TIMEOUT_MS)
        assert not [line for line in server.report_lines() if "frame-ancestors" in line]
    violations.forget()
    no_page_errors[:] = [p for p in no_page_errors if "frame-ancestors" not in p]

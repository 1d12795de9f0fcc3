"""Material's search (hooks/search.py): each page searches its own language, and on the
calculator page the search worker waits for Python.

Building the whole site's index took a core for most of a second on every page; on the
calculator page it must not compete with Python's start, yet search must work whenever the
reader wants it: at once when they go to the search box, and in any case once Python is up or
has failed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

BOOT_TIMEOUT_MS = 120_000
# Every worker the page creates, and whether Python was ready at that moment. Runs before the
# page's own scripts, so hooks/search.py's script wraps this in turn.
RECORD_WORKERS = """
(() => {
  const Real = window.Worker;
  window.__workers = [];
  window.Worker = new Proxy(Real, {
    construct(target, args, newTarget) {
      window.__workers.push({
        url: String(args[0]),
        pythonReady: performance.getEntriesByName("calc:ready").length > 0,
      });
      return Reflect.construct(target, args, newTarget);
    },
  });
})();
"""


def _search_workers(page: Page) -> list[dict]:
    return page.evaluate("window.__workers.filter(w => w.url.includes('/workers/search.'))")


def _search(page: Page, words: str) -> None:
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.fill(words)
    query.press("End")  # Material reads the query on a key, as a reader types it
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)


def test_search_starts_once_python_is_up(context: BrowserContext, page: Page,
                                         site_url: str) -> None:
    context.add_init_script(RECORD_WORKERS)
    page.goto(site_url + "calculator/")
    expect(page.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                           timeout=BOOT_TIMEOUT_MS)
    page.wait_for_function("window.__workers.some(w => w.url.includes('/workers/search.'))")
    workers = page.evaluate("window.__workers")
    search = _search_workers(page)
    assert len(search) == 1 and search[0]["pythonReady"], workers
    python = [w for w in workers if "/workers/search." not in w["url"]]
    assert python and not python[0]["pythonReady"], workers  # Python's worker is not held back
    _search(page, "withholding")


def test_search_starts_at_once_when_the_reader_goes_to_it(context: BrowserContext, page: Page,
                                                          site_url: str) -> None:
    held: list[Route] = []
    # Python cannot finish starting until the test lets its packages through.
    context.route("**/lumpsum_calc_bundle-*.whl", lambda route: held.append(route))
    context.add_init_script(RECORD_WORKERS)
    try:
        page.goto(site_url + "ja/calculator/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        assert _search_workers(page) == []
        _search(page, "源泉")
        assert [w["pythonReady"] for w in _search_workers(page)] == [False]
        expect(page.locator("#calc-status")).not_to_have_attribute("data-state", "ready")
        assert held
        for route in held:
            route.continue_()
        expect(page.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                               timeout=BOOT_TIMEOUT_MS)
        assert len(_search_workers(page)) == 1
    finally:
        context.unroute_all(behavior="ignoreErrors")


def test_other_pages_start_search_as_they_load(context: BrowserContext, page: Page,
                                               site_url: str) -> None:
    context.add_init_script(RECORD_WORKERS)
    page.goto(site_url + "how-it-is-calculated/")
    page.wait_for_function("window.__workers.some(w => w.url.includes('/workers/search.'))",
                           timeout=10_000)
    _search(page, "withholding")


def _result_paths(page: Page, site_url: str) -> list[str]:
    links = page.eval_on_selector_all(".md-search-result__link",
                                      "links => links.map(link => link.href)")
    assert links
    return [link.removeprefix(site_url) for link in links]


@pytest.mark.parametrize(("path", "words"), [
    ("tax/", "tax"), ("ja/tax/", "源泉"), ("vi/tax/", "thuế"), ("zh/tax/", "tax"),
    ("ne/calculator/", "tax"), ("th/tax/", "ภาษี"), ("ru/tax/", "налог"),
])
def test_search_finds_pages_in_the_readers_language(page: Page, site_url: str, path: str,
                                                   words: str) -> None:
    """A page loads its own language's cut of the index (not the site's, fifteen languages)
    and searches only its own language."""
    locale = path.split("/")[0] if path.count("/") > 1 else ""
    indexes: list[str] = []
    page.on("request", lambda r: indexes.append(r.url) if "/search/search_index" in r.url
            else None)
    page.goto(site_url + path)
    if "calculator/" in path:
        expect(page.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                               timeout=BOOT_TIMEOUT_MS)
    _search(page, words)
    found = _result_paths(page, site_url)
    if locale:
        assert all(p.startswith(f"{locale}/") for p in found), found
    else:
        assert not any(re.match(r"[a-z]{2}/", p) for p in found), found
    assert [url.rsplit("/", 1)[-1] for url in indexes] == [
        f"search_index.{locale or 'en'}.json"], indexes

"""The form works before Python is ready; what was typed meanwhile is computed once it is."""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext, Route, expect

from calculator_page import BOOT_TIMEOUT_MS, CalculatorPage, claim_from_url
from claims import INTERN


def test_answers_typed_while_loading_are_computed_when_ready(
    calculator: CalculatorPage, context: BrowserContext
) -> None:
    # Hold back the wheels (calc, pydantic…) so Python cannot finish loading while we type.
    held: list[Route] = []
    holding = True

    def hold(route: Route) -> None:
        if holding:
            held.append(route)
        else:
            route.continue_()

    context.route("**/*.whl", hold)

    calculator.open()
    page = calculator.page
    deadline = time.monotonic() + BOOT_TIMEOUT_MS / 1000
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the worker never asked for its wheels"

    status = page.locator("#calc-status")
    expect(status).to_have_attribute("data-state", "loading")
    expect(page.locator("#calc-status-text")).to_contain_text("Loading calculator…")
    expect(page.locator("#calc-status-text")).to_contain_text("%")

    calculator.fill(INTERN)
    page.wait_for_timeout(300)  # longer than the debounce: nothing may be computed yet
    expect(calculator.result).to_have_attribute("data-state", "loading")
    assert claim_from_url(page.url) == INTERN  # the link already follows the form

    holding = False
    for route in held:
        route.continue_()
    calculator.wait_python()
    calculator.assert_matches_engine(INTERN)


def test_the_page_preloads_every_module_of_the_start(calculator: CalculatorPage) -> None:
    """The modules between the page and Python's worker are fetched in parallel from the
    start (modulepreload), not one after the other as each import is found: each preload
    names a file of the site, and each module of the start the page loads is preloaded."""
    page = calculator.page
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if r.frame == page.main_frame else None)
    calculator.open()
    calculator.wait_python()
    preloads = page.eval_on_selector_all(
        'link[rel="modulepreload"]', "links => links.map(link => link.href)")
    assert preloads
    for url in preloads:
        assert page.request.get(url).ok, url
    start = [url for url in loaded if url.endswith(".js")
             and ("/assets/pyscript/" in url or "/javascripts/calculator/" in url)
             and not url.endswith("/main.js")]
    # main.js and the modules it imports come with Material's scripts, after the form.
    expected = {url for url in start if any(url.endswith(name) for name in (
        "/storage.js", "/runtime.js", "/pyconfig.js")) or "/assets/pyscript/" in url}
    assert expected and expected <= set(preloads), sorted(expected - set(preloads))

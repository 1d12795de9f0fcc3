"""The fast start of assets/calc_boot.mjs and each of its fallbacks gives a working calculator.

calc_boot.mjs relies on private Pyodide APIs (memory snapshots, the dynamic loader): every
level must fall back to the next one on failure, and these tests make each level fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Route, expect
from test_search import RECORD_WORKERS

from calc import i18n

from calculator_page import BOOT_TIMEOUT_MS, CalculatorPage
from claims import INTERN
from conftest import SITE

MANIFEST = SITE / "assets" / "pyodide" / "fastboot.json"
SNAPSHOTS = "calc-python-snapshot"
SNAPSHOT_BYTES = 30_000_000  # a real one is ~36 MiB: the whole wasm heap

# calc_boot.mjs posts its steps on this channel (see bench/run.py); the page keeps them.
LISTEN = """
window.__boot = [];
new BroadcastChannel("calc-boot-marks").onmessage = ({ data }) => window.__boot.push(data.name);
"""
# Messages a failed restore may log in the worker before calc_boot.mjs starts afresh.
EXPECTED_AFTER_BAD_SNAPSHOT = ("snapshot", "Snapshot", "fatal error", "Pyodide", "table index")


@pytest.fixture(autouse=True)
def no_page_errors(page: Page) -> Iterator[list[str]]:
    """As in conftest, but the tests that break the start on purpose may allow its messages."""
    problems: list[str] = []
    allowed: list[str] = []

    def error(error: Error) -> None:
        if not any(a in str(error) for a in allowed):
            problems.append(f"page error: {error}")

    page.on("pageerror", error)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not any(a in message.text for a in allowed):
            problems.append(f"console error: {message.text}")

    page.on("console", console)
    yield allowed
    assert not problems, "\n".join(problems)


@pytest.fixture(autouse=True)
def routes_end_with_the_test(context: BrowserContext) -> Iterator[None]:
    """The site's service worker precaches every language's pages once the calculator is
    ready, often as a test ends: a route still answering one of those requests when the
    context closes would fail the next test. Routes are taken down first, waiting for none."""
    yield
    context.unroute_all(behavior="ignoreErrors")


def boot_steps(page: Page) -> list[str]:
    return page.evaluate("window.__boot")


def snapshot_url(site_url: str) -> str:
    key = json.loads(MANIFEST.read_text())["key"]
    return f"{site_url}assets/pyodide/__snapshot__/{key}"


def stored_snapshot_sizes(page: Page) -> tuple[int, int]:
    """(bytes kept, bytes of the heap they restore): calc_boot_io.mjs keeps a snapshot without
    its zero pages, under a header that gives the whole length ("CPS1", length, …)."""
    kept, restored = page.evaluate(
        """async (name) => {
             const cache = await caches.open(name);
             let kept = 0, restored = 0;
             for (const request of await cache.keys()) {
               const buffer = await (await cache.match(request)).arrayBuffer();
               const head = new Uint32Array(buffer, 0, Math.min(4, buffer.byteLength >> 2));
               kept += buffer.byteLength;
               restored += head[0] === 0x31535043 ? head[1] : buffer.byteLength;
             }
             return [kept, restored];
           }""",
        SNAPSHOTS,
    )
    return kept, restored


def wait_for_snapshot(page: Page) -> None:
    for _ in range(100):
        if stored_snapshot_sizes(page)[1] > SNAPSHOT_BYTES:
            return
        page.wait_for_timeout(100)
    raise AssertionError("no snapshot was stored after the first start")


def open_and_check(page: Page, site_url: str, query: str = "") -> CalculatorPage:
    calculator = CalculatorPage(page, site_url)
    page.goto(f"{site_url}calculator/{query}")
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)
    return calculator


def test_second_visit_restores_the_snapshot(context: BrowserContext, site_url: str) -> None:
    context.add_init_script(LISTEN)
    first = context.new_page()
    open_and_check(first, site_url)
    assert "boot:no-snapshot" in boot_steps(first)
    wait_for_snapshot(first)
    kept, restored = stored_snapshot_sizes(first)
    assert kept < 0.8 * restored, (kept, restored)  # kept without its zero pages
    first.close()

    second = context.new_page()
    open_and_check(second, site_url)
    steps = boot_steps(second)
    assert "boot:restored" in steps and "boot:checked" in steps, steps
    assert "boot:started" not in steps, "Python was started afresh despite a snapshot"


def test_without_the_helper_worker_the_start_does_its_jobs_itself(
        context: BrowserContext, site_url: str, no_page_errors: list[str]) -> None:
    """calc_boot_helper.mjs cannot be loaded (a host that lost it, a cache without it): every
    job it would do is done by calc_boot.mjs itself, on a first visit and on a second one that
    restores the snapshot."""
    no_page_errors.extend(["calc_boot_helper", "Failed to load resource"])
    context.add_init_script(LISTEN)
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.fulfill(status=404, body="")

    context.route("**/calc_boot_helper.mjs", refuse)
    first = context.new_page()
    open_and_check(first, site_url)
    wait_for_snapshot(first)
    first.close()
    refused.clear()
    second = context.new_page()
    open_and_check(second, site_url)
    steps = boot_steps(second)
    assert "boot:restored" in steps and "boot:checked" in steps, steps
    assert refused, "the second visit did not even ask for the helper"


def _corrupt_garbage(page: Page, url: str) -> None:
    page.evaluate(
        """async ([name, url]) => {
             const bytes = new Uint8Array(1 << 20);
             crypto.getRandomValues(bytes.subarray(0, 65536));
             await (await caches.open(name)).put(url, new Response(bytes));
           }""",
        [SNAPSHOTS, url],
    )


def _corrupt_heap(page: Page, url: str) -> None:
    # A real snapshot (right header and build id) whose heap is damaged past the static data:
    # the restore itself succeeds, and only running Python can tell.
    page.evaluate(
        """async ([name, url]) => {
             const cache = await caches.open(name);
             const bytes = new Uint8Array(await (await cache.match(url)).arrayBuffer());
             bytes.fill(0xff, 4 << 20, 30 << 20);
             await cache.put(url, new Response(bytes));
           }""",
        [SNAPSHOTS, url],
    )


@pytest.mark.parametrize("damage", [_corrupt_garbage, _corrupt_heap], ids=["garbage", "heap"])
def test_a_corrupt_snapshot_still_gives_a_working_calculator(
    context: BrowserContext, page: Page, site_url: str, no_page_errors: list[str], damage
) -> None:
    no_page_errors.extend(EXPECTED_AFTER_BAD_SNAPSHOT)
    context.add_init_script(LISTEN)
    url = snapshot_url(site_url)
    if damage is _corrupt_heap:  # needs a real snapshot first
        first = context.new_page()
        open_and_check(first, site_url)
        wait_for_snapshot(first)
        first.close()
    page.goto(site_url)
    damage(page, url)

    calculator = open_and_check(page, site_url)
    steps = boot_steps(calculator.page)
    assert "boot:snapshot-found" in steps and "boot:checked" not in steps, steps
    assert "boot:warmed" in steps, steps  # started afresh
    wait_for_snapshot(page)  # … and replaced the bad snapshot with a good one


def test_standard_start_when_the_fast_start_files_are_missing(
    context: BrowserContext, page: Page, site_url: str
) -> None:
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    context.route("**/lumpsum_calc_bundle-*.whl", lambda route: route.abort())
    open_and_check(page, site_url)
    # the standard start installs the separate wheels from the lock file
    assert any("pydantic_core-" in url and url.endswith(".whl") for url in requested)


def test_standard_start_without_a_manifest(
    context: BrowserContext, page: Page, site_url: str
) -> None:
    """No manifest in the page (hooks/pyruntime.py) and none on the server."""
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))

    def without_manifest(route: Route) -> None:
        response = route.fetch()
        html = re.sub(r'<meta name="calc-fastboot"[^>]*>', "", response.text())
        route.fulfill(response=response, body=html)

    def not_found(route: Route) -> None:
        route.fulfill(status=404, body="")

    context.route("**/calculator/", without_manifest)
    context.route("**/fastboot.json", not_found)
    open_and_check(page, site_url)
    assert any(url.endswith("/fastboot.json") for url in requested)
    assert any("pydantic_core-" in url and url.endswith(".whl") for url in requested)


@pytest.mark.parametrize("mode", ["fast", "standard", "pyscript"])
def test_every_start_the_benchmark_compares_works(page: Page, site_url: str, mode: str) -> None:
    open_and_check(page, site_url, f"?pyboot={mode}")


def test_a_stdlib_module_left_out_is_fetched_when_imported(
    context: BrowserContext, page: Page, site_url: str
) -> None:
    """The trimmed stdlib: a module left out still imports (calc_boot.py fetches the stock zip)."""
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page.goto(site_url)
    # A module worker like PyScript's, running calc_boot.mjs's fast start, then Python that
    # imports stdlib modules the calculator never uses.
    code = """
      import { loadPyodide } from "SITE/assets/calc_boot.mjs?boot=fast";
      try {
        const py = await loadPyodide({});
        postMessage(py.runPython(
          "import xml.dom.minidom, wave, calc\\n" +
          "xml.dom.minidom.parseString('<a b=\\"1\\"/>').documentElement.getAttribute('b')"));
      } catch (error) { postMessage("error: " + error); }
    """.replace("SITE/", site_url)
    result = page.evaluate(
        """(code) => new Promise((resolve) => {
             const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
             const worker = new Worker(url, { type: "module" });
             worker.onmessage = ({ data }) => { resolve(data); worker.terminate(); };
             worker.onerror = (e) => resolve("worker error: " + e.message);
           })""",
        code,
    )
    assert result == "1"
    assert any(url.endswith("/assets/pyodide/python_stdlib.zip") for url in requested), (
        "the stock stdlib was not fetched: is xml.dom.minidom no longer left out?"
    )



def test_when_python_cannot_load_the_page_says_so_in_its_language(
        context: BrowserContext, page: Page, site_url: str, no_page_errors: list[str]) -> None:
    # The failed fetch is reported in the console, as it should be: by Pyodide, and by
    # PyScript, which logs the worker's failure as the event itself.
    no_page_errors += ["Failed to load resource", "Failed to fetch", "MessageEvent"]
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())  # every start needs it
    context.add_init_script(RECORD_WORKERS)
    page.goto(site_url + "ja/calculator/")
    page.fill("#lsc-epi-rows > li:first-child [data-key=amount]", "230000")
    expect(page.locator("#calc-status")).to_have_attribute("data-state", "error",
                                                           timeout=BOOT_TIMEOUT_MS)
    before, after = i18n.text("ui.js.load_failed", "ja", error="\0").split("\0")
    for shown in (page.locator("#calc-status-text"), page.locator("#result-message")):
        text = shown.inner_text()
        assert text.startswith(before) and text.endswith(after), text
    # what was typed stays
    expect(page.locator("#lsc-epi-rows > li:first-child [data-key=amount]")).to_have_value("230000")
    # the site's search, held back while Python was starting, starts now (hooks/search.py)
    page.wait_for_function("window.__workers.some(w => w.url.includes('/workers/search.'))",
                           timeout=5_000)


def test_a_snapshot_kept_without_its_zero_pages_restores_the_same_heap(
        page: Page, site_url: str) -> None:
    """calc_boot_io.mjs keeps a snapshot without its zero pages and writes the heap back from
    the pages kept, zeroing the others where the memory was used: the heap must come out as
    the snapshot's, byte for byte (checked on made-up snapshots, with a used and a grown part;
    what lies past the snapshot's heap, calc_boot.mjs zeroes itself)."""
    page.goto(site_url)
    results = page.evaluate(
        """async (url) => {
             const { packSnapshot, snapshotParts } = await import(url);
             const results = [];
             const sizes = [[37748864, 128], [65536 * 5 + 128, 128], [196608, 64]];
             for (const [length, header] of sizes) {
               const snapshot = new Uint8Array(length);
               const view = new DataView(snapshot.buffer);
               view.setUint32(0, 0x706e7300, true);
               view.setUint32(4, header, true);
               for (let i = 16; i < length; i += 1 + Math.floor(Math.random() * 150000)) {
                 snapshot[i] = 1 + Math.floor(Math.random() * 255);
               }
               snapshot.fill(0, 70000, 270000); // zero pages, and a page zero only in part
               snapshot[length - 1] = 5;
               const packed = await packSnapshot(snapshot).arrayBuffer();
               const parts = snapshotParts(packed);
               const heap = new Uint8Array(length - header + 131072).fill(9); // used memory
               const dirty = length - header + 65536;
               heap.fill(0, dirty); // memory grown since: zeros
               parts.copyHeap(heap, dirty);
               const want = snapshot.subarray(header);
               let same = parts.heapBytes === want.length
                 && parts.header.every((byte, i) => byte === snapshot[i]);
               for (let i = 0; same && i < want.length; i++) same = heap[i] === want[i];
               results.push({ length, kept: packed.byteLength, same });
             }
             return results;
           }""",
        f"{site_url}assets/calc_boot_io.mjs",
    )
    assert results and all(r["same"] for r in results), results
    assert results[0]["kept"] < results[0]["length"], results

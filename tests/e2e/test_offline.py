"""Offline use: the service worker (sw.js, written by hooks/offline.py) precaches the calculator
in every language with its runtime; after one online visit the calculator works with the
server gone and the browser offline. A new deployment (a build that differs in one file) is
noticed, offered to the user, and replaces the old caches. The site is installable."""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from calc import i18n

from calculator_page import BOOT_TIMEOUT_MS, CalculatorPage
from claims import INTERN
from conftest import ROOT, SITE, _QuietHandler
from test_site import LANGUAGES, _prefix

WAIT_MS = 90_000


def _offline_hook():
    spec = importlib.util.spec_from_file_location("offline_hook", ROOT / "hooks" / "offline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def precached(site: Path) -> list[str]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"const FILES = (\[.*?\]);", text, re.S)[1])  # type: ignore[index]


def version_of(site: Path) -> str:
    return re.search(r'const VERSION = "([0-9a-f]+)";',
                     (site / "sw.js").read_text(encoding="utf-8"))[1]  # type: ignore[index]


class SwitchableServer:
    """A site server whose folder can be swapped (a new deployment) or which can be stopped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handler = lambda *args, **kwargs: _QuietHandler(  # noqa: E731
            *args, directory=str(self.folder), **kwargs)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[SwitchableServer]:
    """The built site on a port of its own: a fresh origin, so no worker from other tests."""
    running = SwitchableServer(SITE)
    yield running
    running.stop()


def wait_for_worker(page: Page) -> None:
    """Until a service worker controls the page (it is registered once Python is ready)."""
    controlled = page.evaluate(f"""() => navigator.serviceWorker.controller ? true
        : Promise.race([
            new Promise((done) => navigator.serviceWorker.addEventListener(
                "controllerchange", () => done(true), {{ once: true }})),
            new Promise((done) => setTimeout(() => done(false), {WAIT_MS})),
        ])""")
    assert controlled, "no service worker took control of the page"


def cache_names(page: Page) -> list[str]:
    return page.evaluate("caches.keys()")


# --- what is precached (no browser) --------------------------------------------------------------

def by_language(site: Path) -> dict[str, list[str]]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"const LANGUAGES = (\{.*?\});", text, re.S)[1])  # type: ignore[index]


def test_precache_covers_the_calculator_in_every_language() -> None:
    """Every visitor precaches the runtime and the assets; each language's pages come with
    the language (when a page of it is open as the worker installs, or is read online)."""
    files = set(precached(SITE))
    languages = by_language(SITE)
    assert set(languages) == {_prefix(lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        for page in ("calculator/", "claim-kit/", "embed/"):
            assert _prefix(lang) + page in languages[_prefix(lang)], _prefix(lang) + page
            assert _prefix(lang) + page not in files
    assert "assets/javascripts/lunr/wordcut.js" in languages["th/"]
    assert "assets/javascripts/lunr/wordcut.js" not in files
    # The runtime's fast start as the build wrote it, whatever its files are called; not the
    # files of its fallback (Pyodide's standard start), fetched only if ever needed.
    manifest = json.loads((SITE / "assets/pyodide/fastboot.json").read_text(encoding="utf-8"))
    fast = {manifest["bundle"], manifest["stdlib"], manifest["asm_wasm"],
            *(library["url"] for library in manifest["shared_libraries"])}
    fast = {"assets/" + f.removeprefix("./") for f in fast}
    core = {"assets/pyodide/pyodide.asm.mjs", "assets/pyodide/pyodide.mjs",
            "assets/calc_boot.mjs", "assets/calc_start.js", "assets/pyscript/core.js"}
    assert fast | core <= files, sorted((fast | core) - files)
    lock = json.loads((SITE / "assets/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    fallback = {"assets/pyodide/" + p["file_name"] for p in lock["packages"].values()}
    fallback.add("assets/" + manifest["full_stdlib"].removeprefix("./"))
    fallback.add("assets/pyodide/pyodide.asm.wasm")  # the fast start has its own copy
    assert fallback and not fallback & files, sorted(fallback & files)
    assert not any("py-editor" in f or "xterm" in f for f in files)  # PyScript plugins turned off
    assert any(f.endswith(".wasm") for f in files)
    # Material's search runs on every page: each language precaches its own cut of the index
    # (hooks/search.py), never the site-wide one it no longer loads.
    assert "search/search_index.json" not in files
    for lang in LANGUAGES:
        assert f"search/search_index.{lang}.json" in languages[_prefix(lang)], lang
    assert any(f.endswith(".whl") for f in files)
    for f in files:
        path = SITE / (f + "index.html" if f.endswith("/") else f)
        assert path.is_file() or f == "./", f
        assert not f.endswith(".map")
    assert "sw.js" not in files and "_headers" not in files


def test_the_site_is_installable() -> None:
    for lang in LANGUAGES:
        manifest_path = SITE / _prefix(lang) / "manifest.webmanifest"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        assert manifest["lang"] == lang and manifest["name"] and manifest["short_name"]
        assert manifest["display"] == "standalone"
        start = (manifest_path.parent / manifest["start_url"] / "index.html").resolve()
        assert start == (SITE / _prefix(lang) / "calculator" / "index.html").resolve()
        sizes = set()
        for icon in manifest["icons"]:
            assert (manifest_path.parent / icon["src"]).resolve().is_file(), icon
            sizes.add(icon["sizes"])
        assert {"192x192", "512x512"} <= sizes
        page = (SITE / _prefix(lang) / "calculator" / "index.html").read_text(encoding="utf-8")
        assert 'rel="manifest"' in page


# --- in the browser -----------------------------------------------------------------------------

def test_calculator_works_offline_after_one_visit(page: Page, context: BrowserContext,
                                                  server: SwitchableServer) -> None:
    calculator = CalculatorPage(page, server.url)
    calculator.open()
    calculator.wait_python()
    wait_for_worker(page)
    expect(page.locator("#lsc-notice")).to_contain_text(i18n.text("ui.js.offline_ready"))
    assert f"lumpsum-{version_of(SITE)}-precache" in cache_names(page)
    page.goto(server.url + "tax/")  # a page read once, online
    expect(page.locator("article h1")).to_be_visible()
    # Another language, read online on one page only: its calculator comes with it.
    page.goto(server.url + "vi/eligibility/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.wait_for_function("""async (url) => {
      for (const name of await caches.keys()) {
        if (await (await caches.open(name)).match(url)) return true;
      }
      return false;
    }""", arg=server.url + "vi/calculator/", timeout=30_000)

    server.stop()
    context.set_offline(True)

    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)
    # The other language's calculator, never opened, works offline too.
    page.goto(server.url + "vi/calculator/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    calculator.wait_python()
    # The page read online opens offline.
    page.goto(server.url + "tax/")
    expect(page.locator("article h1")).to_be_visible()


def test_calculator_works_offline_when_the_http_cache_is_gone(
        page: Page, context: BrowserContext, server: SwitchableServer) -> None:
    """The fast start asks the browser's HTTP cache alone for its WebAssembly first (V8 keeps
    the compiled code there); when the browser has evicted that copy, the service worker's
    copy serves, offline too."""
    calculator = CalculatorPage(page, server.url)
    calculator.open()
    calculator.wait_python()
    wait_for_worker(page)
    expect(page.locator("#lsc-notice")).to_contain_text(i18n.text("ui.js.offline_ready"))

    server.stop()
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)

    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)


def _deploy_copy(source: Path, target: Path) -> None:
    """A second deployment: the same build, hard-linked where possible."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy)


def test_a_new_version_is_offered_and_replaces_the_old_caches(
        page: Page, context: BrowserContext, server: SwitchableServer, tmp_path: Path) -> None:
    # Version B: the same site with one stylesheet changed, and its worker written again.
    new = tmp_path / "site-b"
    _deploy_copy(SITE, new)
    css = new / "stylesheets" / "site.css"
    text = css.read_text(encoding="utf-8")
    css.unlink()  # never write through a hard link into the first build
    css.write_text(text + "\n/* version B */\n", encoding="utf-8")
    assert _offline_hook().write_service_worker(new) != version_of(SITE)
    old, fresh = version_of(SITE), version_of(new)

    calculator = CalculatorPage(page, server.url)
    calculator.open()
    calculator.wait_python()
    wait_for_worker(page)
    assert f"lumpsum-{old}-precache" in cache_names(page)

    server.folder = new  # deploy B
    calculator.open()
    notice = page.locator("#lsc-notice")
    expect(notice).to_contain_text(i18n.text("ui.js.update_ready"), timeout=WAIT_MS)
    # Until the user accepts, the page keeps running on version A.
    assert f"lumpsum-{old}-precache" in cache_names(page)

    with page.expect_event("load", timeout=WAIT_MS):
        notice.get_by_role("button", name=i18n.text("ui.js.update_reload")).click()
    calculator.wait_python()
    names = cache_names(page)
    assert f"lumpsum-{fresh}-precache" in names
    assert not [name for name in names if old in name], names
    served = page.evaluate("fetch('../stylesheets/site.css').then((r) => r.text())")
    assert "version B" in served
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)


def test_new_version_written_after_the_runtime_is_in(tmp_path: Path) -> None:
    """The worker is rewritten from the site as it is: a new file is precached at once."""
    site = tmp_path / "site"
    _deploy_copy(SITE, site)
    (site / "assets" / "pyodide" / "extra-1.0-py3-none-any.whl").write_bytes(b"PK")
    hook = _offline_hook()
    assert hook.write_service_worker(site) != version_of(SITE)
    assert "assets/pyodide/extra-1.0-py3-none-any.whl" in precached(site)


def test_embedded_pages_register_no_worker(page: Page, server: SwitchableServer,
                                           tmp_path: Path) -> None:
    """The embed inside another origin's frame registers nothing: that site's readers would
    download the whole runtime a second time, for nothing."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>Host</title><link rel="icon" href="data:,">'
        f'<iframe src="{server.url}embed/" title="Calculator" style="width:100%;height:900px">'
        "</iframe>", encoding="utf-8")
    host = SwitchableServer(tmp_path)
    try:
        page.goto(host.url)
        frame = page.frame_locator("iframe")
        expect(frame.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                                timeout=BOOT_TIMEOUT_MS)
        page.wait_for_timeout(1000)
        inside = next(f for f in page.frames if "/embed/" in f.url)
        assert inside.evaluate("navigator.serviceWorker.getRegistrations()") == []
    finally:
        host.stop()

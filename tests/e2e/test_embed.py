"""The embeddable calculator on another site: a blog on another origin (its own server and port)
pastes the code from "Embed this calculator"; the calculator works in its <iframe>, the frame
follows its height, the blog page is left alone, and every request of the frame stays on the
calculator's own origin. Options given to the loader are checked like any other input.

The blog is served as 127.0.0.1 on another port: another origin, but the same *site* for the
browser. A blog on another site (here `localhost`) makes the frame a third-party context, where
this Chromium, like browsers that block third-party storage, denies it IndexedDB: Python then
starts without storage; only if even that fails does the embed offer the full calculator."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, FrameLocator, Page, expect

import calc
from calc import i18n

from calculator_page import BOOT_TIMEOUT_MS, CalculatorPage, claim_from_url, link_fragment
from claims import DETAILED, INTERN

BLOG_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>My life after Japan</title>
<link rel="icon" href="data:,">
<style>body {{ max-width: 720px; margin: 2rem auto; font: 16px/1.5 serif; }}</style>
</head><body>
<h1>My life after Japan</h1>
<p id="intro">I left Japan last spring. Here is the calculator I used for my lump sum:</p>
{snippet}
<p id="outro">Thanks for reading.</p>
</body></html>
"""


class _FrameAsPage:
    """The calls CalculatorPage makes on a Page, answered inside an <iframe>."""

    def __init__(self, frame: FrameLocator) -> None:
        self.frame = frame

    def locator(self, selector: str):
        return self.frame.locator(selector)

    def fill(self, selector: str, value: str) -> None:
        self.frame.locator(selector).fill(value)

    def select_option(self, selector: str, value: str) -> None:
        self.frame.locator(selector).select_option(value)


@pytest.fixture
def blog(other_origin: tuple[str, Path]) -> tuple[str, Path]:
    return other_origin


def snippet_from_site(page: Page, site_url: str, lang: str = "en") -> str:
    """The code as the "Embed this calculator" page gives it to a blogger."""
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(site_url + prefix + "embed-snippet/")
    code = page.locator("#lsc-embed-code")
    expect(code).to_contain_text("embed.js")
    return code.inner_text()


def frame_height(page: Page) -> float:
    return page.locator("iframe[data-lumpsum-calc]").evaluate(
        "(frame) => frame.getBoundingClientRect().height")


def content_height(frame: FrameLocator) -> float:
    return frame.locator(".lsc-embed-page").evaluate(
        "(box) => box.getBoundingClientRect().bottom + window.scrollY")


def test_embedded_on_another_origin(page: Page, context: BrowserContext, site_url: str,
                                    blog: tuple[str, Path]) -> None:
    blog_url, folder = blog
    snippet = snippet_from_site(page, site_url)
    assert site_url in snippet and 'data-lumpsum-calc' in snippet
    (folder / "index.html").write_text(BLOG_PAGE.format(snippet=snippet), encoding="utf-8")

    requests: list[tuple[str, str]] = []
    context.on("request", lambda request: requests.append((request.url, request.resource_type)))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(blog_url)
    frame = page.frame_locator("iframe[data-lumpsum-calc]")
    calculator = CalculatorPage(_FrameAsPage(frame), site_url)  # type: ignore[arg-type]
    calculator.wait_python()

    # The loader has sized the frame to the form (its own height: 1300px until then).
    page.wait_for_timeout(300)
    before = frame_height(page)
    assert abs(before - content_height(frame)) <= 2, (before, content_height(frame))

    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)
    page.wait_for_timeout(300)  # the height message and the resize
    after = frame_height(page)
    assert after > before + 200, (before, after)
    assert abs(after - content_height(frame)) <= 2, (after, content_height(frame))
    # No scrolling inside the frame: it shows the whole calculator.
    inner = frame.locator("html").evaluate(
        "(html) => [html.scrollHeight, window.innerHeight]")
    assert inner[0] <= inner[1] + 2, inner

    # The blog page is as its author wrote it: same elements, its text untouched.
    expect(page.locator("#intro")).to_have_text(re.compile("^I left Japan"))
    expect(page.locator("#outro")).to_be_visible()
    counts = page.evaluate("""async () => {
        const html = await (await fetch(location.href)).text();
        const written = new DOMParser().parseFromString(html, "text/html");
        return [written.querySelectorAll("*").length, document.querySelectorAll("*").length];
    }""")
    assert counts[0] == counts[1], counts
    assert not dialogs

    # Every request the frame made (page, scripts, Python runtime, worker) went to the
    # calculator's site; the blog's origin served only the blog page.
    site = urlparse(site_url).netloc
    blog_host = urlparse(blog_url).netloc
    elsewhere = [url for url, _ in requests if urlparse(url).scheme not in ("blob", "data")
                 and urlparse(url).netloc not in (site, blog_host)]
    assert not elsewhere, elsewhere
    from_blog = {urlparse(url).path for url, _ in requests if urlparse(url).netloc == blog_host}
    assert from_blog == {"/"}, from_blog
    assert any(urlparse(url).path.endswith(".wasm") for url, _ in requests
               if urlparse(url).netloc == site)


def test_options_language_mode_and_answers(page: Page, site_url: str,
                                           blog: tuple[str, Path]) -> None:
    blog_url, folder = blog
    values = link_fragment(DETAILED).removeprefix("#c=")
    snippet = (f'<iframe src="{site_url}embed/" title="Calculator" data-lumpsum-calc '
               f'data-lang="ja" data-mode="detailed" data-values="{values}" '
               f'style="width:100%;height:600px;border:0"></iframe>\n'
               f'<script src="{site_url}embed.js" async></script>')
    (folder / "index.html").write_text(BLOG_PAGE.format(snippet=snippet), encoding="utf-8")
    page.goto(blog_url)
    iframe = page.locator("iframe[data-lumpsum-calc]")
    expect(iframe).to_have_attribute(
        "src", f"{site_url}ja/embed/?mode=detailed#c={values}", timeout=10_000)
    frame = page.frame_locator("iframe[data-lumpsum-calc]")
    expect(frame.locator("html")).to_have_attribute("lang", "ja")
    expect(frame.locator("input[name=mode][value=detailed]")).to_be_checked()
    CalculatorPage(_FrameAsPage(frame), site_url).assert_matches_engine(DETAILED)  # type: ignore[arg-type]
    expect(frame.locator("#result-title")).to_have_text(i18n.text("ui.result_title", "ja"))


PAYLOAD_IMG = "<img src=x onerror=\"alert('img')\">"
PAYLOAD_SCRIPT = "\"><script>alert('script')</script>"


def test_hostile_options_are_ignored(page: Page, site_url: str, blog: tuple[str, Path]) -> None:
    """Options the loader does not know fall back to the defaults; none becomes markup or
    points the frame anywhere else."""
    blog_url, folder = blog
    # Written as attribute values, escaped the way a blog editor would.
    def attr(text: str) -> str:
        return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

    snippet = (f'<iframe src="{site_url}embed/" title="Calculator" data-lumpsum-calc '
               f'data-lang="{attr(PAYLOAD_SCRIPT)}" data-mode="{attr(PAYLOAD_IMG)}" '
               f'data-values="../../evil.example/embed/" '
               f'style="width:100%;height:600px;border:0"></iframe>\n'
               f'<script src="{site_url}embed.js" async></script>')
    (folder / "index.html").write_text(BLOG_PAGE.format(snippet=snippet), encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(blog_url)
    # The English, quick, empty calculator of the site, nothing else.
    expect(page.locator("iframe[data-lumpsum-calc]")).to_have_attribute("src", f"{site_url}embed/")
    frame = page.frame_locator("iframe[data-lumpsum-calc]")
    calculator = CalculatorPage(_FrameAsPage(frame), site_url)  # type: ignore[arg-type]
    calculator.wait_python()
    expect(frame.locator("input[name=mode][value=quick]")).to_be_checked()
    assert frame.locator("#lsc-nationality").input_value() == ""
    assert frame.locator("#calculator img, #calculator script").count() == 0
    assert page.locator("body img, body script:not([src])").count() == 0
    assert not dialogs


def test_messages_other_than_its_own_height_change_nothing(
        page: Page, site_url: str, blog: tuple[str, Path]) -> None:
    blog_url, folder = blog
    snippet = snippet_from_site(page, site_url)
    (folder / "index.html").write_text(BLOG_PAGE.format(snippet=snippet), encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(blog_url)
    frame = page.frame_locator("iframe[data-lumpsum-calc]")
    CalculatorPage(_FrameAsPage(frame), site_url).wait_python()  # type: ignore[arg-type]
    page.wait_for_timeout(300)
    height = frame_height(page)
    # A height message from the blog page itself (not the frame, not the site's origin),
    # and markup posted into the frame: the loader and the embed page ignore both.
    page.evaluate("""() => {
        window.postMessage({type: "lumpsum-calc:height", height: 5000}, "*");
        const frame = document.querySelector("iframe[data-lumpsum-calc]");
        frame.contentWindow.postMessage({type: "lumpsum-calc:height", height: 5000}, "*");
        frame.contentWindow.postMessage({html: "<img src=x onerror=alert(1)>"}, "*");
        frame.contentWindow.postMessage("<img src=x onerror=alert(2)>", "*");
    }""")
    page.wait_for_timeout(500)
    assert frame_height(page) == height
    assert frame.locator("img").count() == 0
    assert not dialogs


def test_snippet_page_builds_the_code_and_previews_it(page: Page, context: BrowserContext,
                                                       site_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "embed-snippet/")
    code = page.locator("#lsc-embed-code")
    expect(code).to_contain_text(f'src="{site_url}embed/"')
    expect(code).to_contain_text(f'<script src="{site_url}embed.js" async></script>')

    # Options: language, mode, answers from a calculator link.
    page.select_option("#lsc-embed-lang", "vi")
    page.check("input[name=lsc-embed-mode][value=detailed]")
    link = f"{site_url}calculator/{link_fragment(INTERN)}"
    page.fill("#lsc-embed-values", link)
    values = link_fragment(INTERN).removeprefix("#c=")
    expect(code).to_contain_text(f'src="{site_url}vi/embed/?mode=detailed#c={values}"')
    expect(code).to_contain_text('data-lang="vi"')
    expect(code).to_contain_text(f'data-values="{values}"')
    expect(code).to_contain_text(f'title="{i18n.text("ui.embed_iframe_title", "vi")}"')

    # The preview is that very code at work.
    preview = page.frame_locator("#lsc-embed-preview iframe")
    expect(preview.locator("html")).to_have_attribute("lang", "vi")
    calculator = CalculatorPage(_FrameAsPage(preview), site_url)  # type: ignore[arg-type]
    calculator.assert_matches_engine(INTERN)
    expect(preview.locator("input[name=mode][value=detailed]")).to_be_checked()
    page.wait_for_timeout(300)
    box = page.locator("#lsc-embed-preview iframe").evaluate(
        "(frame) => frame.getBoundingClientRect().height")
    assert abs(box - content_height(preview)) <= 2

    page.click("#lsc-embed-copy")
    expect(page.locator("#lsc-embed-status")).to_have_text(i18n.text("ui.js.embed_copied"))
    assert page.evaluate("navigator.clipboard.readText()") == code.inner_text()

    # Something that is not a calculator link is left out, and said so.
    page.fill("#lsc-embed-values", PAYLOAD_IMG)
    expect(page.locator("#lsc-embed-values-error")).to_have_text(
        i18n.text("ui.js.embed_values_invalid"))
    expect(code).not_to_contain_text("data-values")
    expect(code).not_to_contain_text("<img")
    assert page.locator("#lsc-embed-builder img").count() == 0


def test_embed_page_alone(page: Page, site_url: str) -> None:
    """/embed/ has no site header, navigation or footer, and links to the full calculator."""
    page.goto(site_url + "embed/" + link_fragment(INTERN))
    expect(page.locator(".md-header__inner")).to_have_count(0)
    expect(page.locator(".md-footer")).to_have_count(0)
    expect(page.locator(".md-sidebar")).to_have_count(0)
    calculator = CalculatorPage(page, site_url)
    calculator.assert_matches_engine(INTERN)
    full = page.locator("#lsc-open-full")
    expect(full).to_have_text(i18n.text("ui.js.open_full"))
    full.dispatch_event("contextmenu")  # updates its address (as a click does), opens nothing
    href = full.get_attribute("href") or ""
    assert href.startswith(site_url + "calculator/#c="), href
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    expect(page.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                           timeout=BOOT_TIMEOUT_MS)


def test_on_another_site_without_storage_the_embed_still_computes(
        page: Page, site_url: str, blog: tuple[str, Path]) -> None:
    """A blog on another *site* makes the frame a third-party context, where this Chromium
    (like browsers that block third-party storage) denies it IndexedDB and Cache Storage.
    Python starts there without any storage, and the embed computes."""
    blog_url, folder = blog
    snippet = snippet_from_site(page, site_url)
    (folder / "index.html").write_text(BLOG_PAGE.format(snippet=snippet), encoding="utf-8")
    page.goto(blog_url.replace("127.0.0.1", "localhost"))  # another site: third-party frame
    frame = page.frame_locator("iframe[data-lumpsum-calc]")
    expect(frame.locator("#calc-status")).to_have_attribute("data-state", "ready",
                                                            timeout=BOOT_TIMEOUT_MS)
    inside = next(f for f in page.frames if f.url.startswith(site_url))
    # The browser really denied storage here: the page runs on the in-memory stand-in.
    assert inside.evaluate("!(indexedDB instanceof IDBFactory)")
    calculator = CalculatorPage(_FrameAsPage(frame), site_url)  # type: ignore[arg-type]
    calculator.fill(INTERN)
    expected = calc.estimate(INTERN)
    expect(frame.locator("[data-field='total_received']")).to_have_attribute(
        "data-value", str(expected.total_received), timeout=BOOT_TIMEOUT_MS)


def test_where_even_that_fails_the_embed_offers_the_full_calculator(
        page: Page, site_url: str, blog: tuple[str, Path], no_page_errors: list[str]) -> None:
    blog_url, folder = blog
    snippet = snippet_from_site(page, site_url)
    (folder / "index.html").write_text(BLOG_PAGE.format(snippet=snippet), encoding="utf-8")
    page.route("**/javascripts/calculator/runtime.js", lambda route: route.abort())  # no start
    page.goto(blog_url.replace("127.0.0.1", "localhost"))
    frame = page.frame_locator("iframe[data-lumpsum-calc]")
    message = i18n.text("ui.js.embed_blocked")
    expect(frame.locator("#result-message")).to_have_text(message, timeout=BOOT_TIMEOUT_MS)
    expect(frame.locator("#calc-status")).to_have_attribute("data-state", "error")
    # The answers typed so far go with the link to the full calculator.
    CalculatorPage(_FrameAsPage(frame), site_url).fill(INTERN)  # type: ignore[arg-type]
    full = frame.locator("#lsc-open-full")
    full.dispatch_event("contextmenu")
    href = full.get_attribute("href") or ""
    assert href.startswith(site_url + "calculator/#c=")
    assert claim_from_url(href) == INTERN
    # The start that was made to fail is the only error.
    no_page_errors[:] = [p for p in no_page_errors
                         if "ERR_FAILED" not in p and "runtime.js" not in p]

"""The explanatory site: every page in every language renders, cleanly, from its own origin;
the sources page lists every parameter series; the worked examples are the engine's results."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

import calc
from calc import i18n
from calc.i18n import Yen

from conftest import SITE

PAGES = ["", "calculator/", "claim-kit/", "eligibility/", "how-it-is-calculated/", "tax/",
         "how-to-claim/", "agreements/", "reform-2025/", "changes/", "sources/", "developers/",
         "embed-snippet/"]
#: Every language the site is built in, from mkdocs.yml (the i18n plugin's list).
LANGUAGES = [code for code in re.findall(r"- locale: ([a-z]{2,3})\b", (
    Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8"))]
EXAMPLES = Path(__file__).resolve().parents[2] / "site" / "examples"


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def html_lang(lang: str) -> str:
    """The ``lang`` of a page: the language's code (Portuguese says which: Brazil's)."""
    return {"pt": "pt-BR"}.get(lang, lang)


class _Page(HTMLParser):
    """What a built page declares: its ``lang``, title, first heading, the resources it loads
    and the text of its article (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.h1 = ""
        self.resources: list[str] = []
        self.article: list[str] = []
        self._stack: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag in ("script", "img", "iframe", "audio", "video", "source") and found.get("src"):
            self.resources.append(found["src"] or "")
        if tag == "link" and found.get("href") and set((found.get("rel") or "").split()) & {
                "stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}:
            self.resources.append(found["href"] or "")
        if tag == "article":
            self._in_article += 1
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        where = self._stack[-1] if self._stack else ""
        if where == "title":
            self.title += data
        if where == "h1" and self._in_article and not self.h1:
            self.h1 = data.strip()
        if self._in_article and not {"script", "style", "template", "code", "pre"} & set(
                self._stack):
            self.article.append(data)


def _parsed(path: str) -> _Page:
    page = _Page()
    page.feed((SITE / path / "index.html").read_text(encoding="utf-8"))
    return page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_built_in_every_language(lang: str) -> None:
    """Read from the built files (a browser adds nothing here): each page exists in the
    language, says so in ``lang``, has a title and a heading, loads nothing from another
    origin, and shows no unrendered macro or catalogue key."""
    for path in PAGES:
        page = _parsed(_prefix(lang) + path)
        where = (lang, path)
        assert page.lang == html_lang(lang), where
        assert page.title.strip() and page.h1, where
        foreign = [url for url in page.resources if urlparse(url).scheme in ("http", "https")
                   or url.startswith("//")]
        assert not foreign, (where, foreign)
        body = "".join(page.article)
        assert "{{" not in body, where
        assert not re.search(r"\b(?:ui|site|step|unit|meta|series|status|changes|value_status|"
                             r"interpretation)\.[a-z_]+\b(?!\.)", body), (where, body[:300])


def test_a_translated_page_is_in_its_language() -> None:
    """The translation is there, not the English fallback: no two languages' pages read the
    same (a heading may: Filipino calls the payment by its English name)."""
    for path in PAGES:
        texts = {lang: "".join(_parsed(_prefix(lang) + path).article) for lang in LANGUAGES}
        assert len(set(texts.values())) == len(LANGUAGES), path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_renders_in_the_browser(page: Page, site_url: str, lang: str) -> None:
    """One real page load per language: nothing is requested from another origin."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + _prefix(lang) + "eligibility/")
    expect(page.locator("html")).to_have_attribute("lang", html_lang(lang))
    expect(page.locator("article h1").first).to_be_visible()
    foreign = [url for url in requests if urlparse(url).scheme not in ("data", "blob")
               and urlparse(url).hostname != "127.0.0.1"]
    assert not foreign, foreign


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(lang: str) -> None:
    """The host serves /404.html for a missing path (and, on some hosts, the nearest one up
    the path): the default language's at the root, each language's in its folder."""
    page = _Page()
    page.feed((SITE / _prefix(lang) / "404.html").read_text(encoding="utf-8"))
    assert page.lang == html_lang(lang)
    assert "404" in page.h1 and page.title.strip()


def _html(path: str) -> str:
    return (SITE / path / "index.html").read_text(encoding="utf-8")


def test_sources_page_lists_every_series() -> None:
    html = _html("sources")
    for series in calc.load_parameters().all_series():
        anchor = series.id.replace("_", "-")
        assert f'id="{anchor}"' in html, anchor
        for value in series.values:
            assert value.source.replace("&", "&amp;") in html, (series.id, value.source)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_worked_examples_are_the_engine_results(lang: str) -> None:
    """Every example on the calculation and tax pages shows what calc.estimate gives."""
    for page_path in ("how-it-is-calculated", "tax"):
        html = unescape(_html(_prefix(lang) + page_path))
        names = re.findall(r'example\("([a-z0-9-]+)"', (Path(__file__).resolve().parents[2] / "site"
                                                      / f"{page_path}.md").read_text())
        assert names, page_path
        for name in names:
            claim = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
            result = calc.estimate(claim, lang=lang)
            for amount in (result.total_received, result.employees_pension.amount,
                           result.employees_pension.withholding_tax):
                shown = i18n.text("unit.yen", lang, value=Yen(amount))
                assert shown in html, (lang, page_path, name, shown)


def test_outdated_rates_warning_in_the_calculator(calculator) -> None:
    """Once a fiscal year starts with no premium in the data, the result says so."""
    latest = calc.load_parameters().latest_premium_fiscal_year()
    claim = {"claim_date": f"{latest + 2}-05-01", "nationality": "VN",
             "left_japan_on": f"{latest + 2}-04-20",
             "employees_pension": [{"from": f"{latest - 1}-04", "to": f"{latest + 2}-03",
                                    "monthly_salary": 230000}]}
    calculator.open()
    calculator.fill(claim)
    calculator.wait_result()
    expect(calculator.page.locator("[data-code='parameters_outdated']")).to_be_visible()

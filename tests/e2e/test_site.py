"""The explanatory site: every page in every language renders, cleanly, from its own origin;
the sources page lists every parameter series; the worked examples are the engine's results."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

import calc
from calc import i18n
from calc.i18n import Yen

from conftest import SITE

PAGES = ["", "eligibility/", "how-it-is-calculated/", "tax/", "how-to-claim/", "agreements/",
         "reform-2025/", "sources/", "developers/", "embed-snippet/"]
LANGUAGES = ["en", "ja", "vi", "id", "tl", "my", "ne", "zh"]
EXAMPLES = Path(__file__).resolve().parents[2] / "site" / "examples"


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_page_renders(page: Page, site_url: str, lang: str, path: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + _prefix(lang) + path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("article h1").first).to_be_visible()
    assert page.title().strip()
    foreign = [url for url in requests if urlparse(url).scheme not in ("data", "blob")
               and urlparse(url).hostname != "127.0.0.1"]
    assert not foreign, foreign
    # No macro left unrendered, no catalogue key shown instead of its text.
    body = page.locator("article").inner_text()
    assert "{{" not in body
    assert not re.search(r"\b(?:ui|site|step|unit|meta|series|status)\.[a-z_]+", body), body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(page: Page, site_url: str, lang: str) -> None:
    """The host serves /404.html for a missing path (and, on some hosts, the nearest one up
    the path): the default language's at the root, each language's in its folder."""
    page.goto(site_url + _prefix(lang) + "404.html")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("article h1").first).to_contain_text("404")
    assert page.title().strip()


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

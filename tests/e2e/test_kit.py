"""The claim kit's page (/claim-kit/) in Chromium: filled by keyboard on a phone, problems shown
by field, the claim sheet printed, the calendar downloaded and parsed, and the privacy rule:
no personal detail in any request, the address, storage or caches unless the person asks.

Expected values always come from ``calc.kit`` run in the test process on the same request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, Route, expect
from stdnum import iban
from test_privacy import Recorder, _origin

from calc.kit import calendar_text, kit

from calculator_page import (
    BOOT_TIMEOUT_MS,
    RESULT_TIMEOUT_MS,
    CalculatorPage,
    assert_no_horizontal_overflow,
    claim_from_url,
    link_fragment,
)
from test_site import LANGUAGES, _prefix

CLAIM = {
    "claim_date": "2026-11-24", "nationality": "VN", "left_japan_on": "2026-03-31",
    "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": 230000}],
}
PHONE = {"width": 360, "height": 740}

#: What a person types, by field name (its path in the kit's JSON), in the form's order.
TYPED = {
    "name": "Nguyễn Văn Đức",
    "address.street": "12 Lê Lợi",
    "address.city": "Huế",
    "address.postcode": "530000",
    "bank.swift": "bftvvnvx",
    "bank.name": "Vietcombank",
    "bank.branch": "Huế",
    "bank.branch_address": "78 Hùng Vương",
    "bank.branch_city": "Huế",
    "bank.account_number": "0123456789",
    "bank.holder": "Nguyen Van Duc",
    "basic_pension_number": "1234567890",
}
SELECTS = {"address.country": "VN", "bank.branch_country": "VN"}


def details_of(typed: dict[str, str], selects: dict[str, str], **more: Any) -> dict[str, Any]:
    """The ClaimantDetails the page sends for these entries (as kit.js builds it)."""
    details: dict[str, Any] = {"bank_certification": "document"}
    for path, value in {**typed, **selects, **more}.items():
        target = details
        *parents, last = path.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return details


def open_kit(page: Page, site_url: str, lang: str = "en", claim: dict | None = None) -> None:
    page.goto(site_url + _prefix(lang) + "claim-kit/" + link_fragment(claim or CLAIM))
    expect(page.locator("#claim-kit")).to_have_attribute("data-state", "ready",
                                                         timeout=BOOT_TIMEOUT_MS)


def field(page: Page, path: str):
    return page.locator(f'#kit-form [name="{path}"]')


def wait_kit(page: Page) -> None:
    """Until the kit has answered the latest edit (its answer is drawn in the same task)."""
    page.wait_for_function("() => new Promise((done) => setTimeout(() => done(true), 0))")
    page.wait_for_timeout(150)


def problem(page: Page, path: str, code: str):
    return page.locator(f'#kit-form .kit-problem[data-field="details.{path}"][data-code="{code}"]')


def tab_to(page: Page, path: str) -> None:
    """Press Tab until the field ``path`` has the focus (a date field takes a Tab per part)."""
    for _ in range(8):
        if page.evaluate("document.activeElement?.name") == path:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {path}")


#: The form's fields in the order a keyboard reaches them, and what is typed into each.
KEYBOARD = [("name", TYPED["name"]), ("date_of_birth", "05121998"),
            ("address.street", TYPED["address.street"]), ("address.city", TYPED["address.city"]),
            ("address.postcode", TYPED["address.postcode"]), ("address.country", "Vietnam"),
            ("bank.branch_country", "Vietnam"),
            *[(path, TYPED[path]) for path in ("bank.swift", "bank.name", "bank.branch",
                                               "bank.branch_address", "bank.branch_city",
                                               "bank.account_number", "bank.holder")],
            ("basic_pension_number", TYPED["basic_pension_number"])]


def test_country_lists_get_their_names_when_reached(page: Page, site_url: str) -> None:
    """The page carries the country names once (a template), not in each of its four lists
    (the calculator's and the form's three): a list gets them when the reader reaches it, even
    before Python has started, and every list has them once Python is ready."""
    held: list[Route] = []  # Python's start waits here until the lists have been tried
    page.route("**/assets/calc_boot.mjs*", lambda route: held.append(route))
    page.goto(site_url + "claim-kit/")
    names = page.locator("#lsc-countries").evaluate("(names) => names.content.children.length")
    assert names > 100
    lists = [page.locator("#lsc-nationality"), *(field(page, path) for path in (
        "nationality", "address.country", "bank.branch_country"))]
    for country_list in lists:
        expect(country_list.locator("option")).to_have_count(1)  # "choose…" alone
    lists[2].focus()
    expect(lists[2].locator("option")).to_have_count(1 + names)
    lists[3].dispatch_event("pointerdown")
    expect(lists[3].locator("option")).to_have_count(1 + names)
    lists[0].focus()
    page.keyboard.type("Viet")  # a closed list picks the option typed, as on a phone
    expect(lists[0]).to_have_value("VN")
    lists[2].select_option("DE")
    expect(lists[2]).to_have_value("DE")
    expect(lists[1].locator("option")).to_have_count(1)
    assert len(held) == 1 and page.locator("#calc-status").get_attribute("data-state") != "ready"

    held[0].continue_()
    expect(page.locator("#claim-kit")).to_have_attribute("data-state", "ready",
                                                         timeout=BOOT_TIMEOUT_MS)
    for country_list in lists:
        expect(country_list.locator("option")).to_have_count(1 + names)
    expect(lists[0]).to_have_value("VN")
    expect(lists[2]).to_have_value("DE")


def test_kit_filled_by_keyboard_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    open_kit(page, site_url)
    field(page, "name").focus()
    for path, keys in KEYBOARD:
        tab_to(page, path)
        page.keyboard.type(keys)  # a closed <select> picks the option typed, as on a phone
    for path, code in SELECTS.items():
        expect(field(page, path)).to_have_value(code)
    wait_kit(page)
    expected = kit({"claim": CLAIM, "details": details_of(
        TYPED, SELECTS, date_of_birth=field(page, "date_of_birth").input_value())})
    assert field(page, "date_of_birth").input_value() == "1998-05-12"
    # The sheet shows the entries as the engine writes them.
    sheet = page.locator("#kit-sheet")
    for path, value in (("name", expected.form.values.name),
                        ("address.city", expected.form.values.address.city),
                        ("bank.holder", expected.form.values.bank.holder)):
        expect(sheet.locator(f'[data-value="{path}"]')).to_have_text(value)
    assert expected.form.values.bank.swift == "BFTVVNVXXXX"
    expect(sheet.locator('[data-value="bank.swift"] .kit-box')).to_have_count(11)
    swift = sheet.locator('[data-value="bank.swift"]').inner_text()
    assert swift.replace("\n", "") == "BFTVVNVXXXX"
    expect(sheet.locator('[data-value="basic_pension_number"] .kit-box')).to_have_count(10)
    # The plan: the engine's steps, in its order, with its dates.
    codes = page.eval_on_selector_all("#kit-steps > li", "els => els.map(e => e.dataset.code)")
    assert codes == [step.code for step in expected.plan]
    # Only the history is left (employers to add), as the engine says.
    listed = page.eval_on_selector_all(
        "#kit-problems > li", "els => els.map(e => [e.dataset.field, e.dataset.code])")
    assert listed == [[p.field, p.code] for p in expected.form.problems]
    # Nothing sticks out of a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(("path", "typed", "code"), [
    ("bank.swift", "BFTVVNV", "swift_length"),
    ("bank.holder", "Tran Thi B", "holder_not_claimant"),
    ("address.city", "Shinjuku, Tokyo", "japanese_prefecture"),
    ("basic_pension_number", "12345", "pension_number_format"),
])
def test_problems_shown_next_to_their_field(page: Page, site_url: str, path: str, typed: str,
                                            code: str) -> None:
    open_kit(page, site_url)
    field(page, "name").fill("Nguyen Van Duc")
    field(page, path).fill(typed)
    note = problem(page, path, code)
    expect(note).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    # next to its own field, said in the engine's words, and the field is marked
    box = page.locator(f'[data-field-box="{path}"]')
    expect(box.locator(".kit-problem")).to_contain_text(
        next(p.message for p in kit({"claim": CLAIM, "details": details_of(
            {"name": "Nguyen Van Duc", path: typed}, {})}).form.problems
            if p.field == f"details.{path}" and p.code == code))
    expect(field(page, path)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f'#kit-problems [data-field="details.{path}"][data-code="{code}"]')) \
        .to_have_count(1)
    # corrected, the problem goes
    field(page, path).fill({"bank.swift": "BFTVVNVX", "bank.holder": "NGUYEN VAN DUC",
                            "address.city": "Hue", "basic_pension_number": "1234-567890"}[path])
    expect(note).to_have_count(0, timeout=RESULT_TIMEOUT_MS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_kit_in_every_language(page: Page, site_url: str, lang: str) -> None:
    """One run per language on a phone: a problem by its field and the plan, both as the
    engine words them in that language, and nothing wider than the screen."""
    page.set_viewport_size(PHONE)
    open_kit(page, site_url, lang)
    field(page, "bank.swift").fill("DEUTDEFF")
    field(page, "bank.branch_country").select_option("VN")
    note = problem(page, "bank.swift", "swift_country_mismatch")
    answer = kit({"claim": CLAIM, "details": details_of(
        {"bank.swift": "DEUTDEFF"}, {"bank.branch_country": "VN"})}, lang=lang)
    expected = next(p.message for p in answer.form.problems
                    if p.code == "swift_country_mismatch")
    expect(note).to_contain_text(expected, timeout=RESULT_TIMEOUT_MS)
    expect(page.locator("#kit-steps > li").first).to_contain_text(answer.plan[0].title)
    assert_no_horizontal_overflow(page, PHONE["width"])


def test_calculator_links_to_the_kit_with_its_answers(page: Page, site_url: str) -> None:
    calculator = CalculatorPage(page, site_url)
    page.goto(site_url + "calculator/" + link_fragment(CLAIM))
    calculator.wait_result()
    link = page.locator("#lsc-prepare")
    expect(link).to_be_visible()
    link.focus()
    href = link.get_attribute("href") or ""
    assert "/claim-kit/#c=" in href and claim_from_url(href) == CLAIM
    link.click()
    expect(page.locator("#claim-kit")).to_have_attribute("data-state", "ready",
                                                         timeout=BOOT_TIMEOUT_MS)
    assert claim_from_url(page.url) == CLAIM
    expect(page.locator("#kit-answers")).not_to_have_attribute("open", "")
    deadline = kit({"claim": CLAIM}).estimate.claim_deadline
    assert deadline is not None
    expect(page.locator('#kit-steps > li[data-code="claim_deadline"]')).to_be_visible()


def test_claim_sheet_prints_alone(page: Page, site_url: str, artefacts: Path) -> None:
    open_kit(page, site_url, "ja")
    for path, value in TYPED.items():
        field(page, path).fill(value)
    for path, code in SELECTS.items():
        field(page, path).select_option(code)
    wait_kit(page)
    page.emulate_media(media="print")
    assert page.locator("#kit-sheet").is_visible()
    for hidden in ("#kit-form", "#kit-plan", "#kit-check", "#kit-answers", "#kit-print"):
        assert not page.locator(hidden).is_visible(), hidden
    expect(page.locator('#kit-sheet [data-value="name"]')).to_have_text("NGUYEN VAN DUC")
    pdf = page.pdf(format="A4", print_background=True)
    (artefacts / "claim-sheet-ja.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_calendar_download_is_the_engines_plan(page: Page, site_url: str) -> None:
    open_kit(page, site_url)
    field(page, "defined_contribution.company").check()
    field(page, "posting_date").fill("2026-11-20")
    wait_kit(page)
    with page.expect_download() as download_info:
        page.click("#kit-calendar")
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    text = Path(download.path()).read_bytes().decode("utf-8")  # its CRLF line ends kept
    expected = calendar_text({"claim": CLAIM, "details": details_of(
        {}, {}, posting_date="2026-11-20", **{"defined_contribution.company": True})})
    assert text == expected
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} >= {"Claim deadline", "Post your claim"}


MARKERS = {
    "name": "Zqxwname Vbnm",
    "address.street": "77 Zqxwstreet",
    "address.city": "Zqxwcity",
    "address.postcode": "Q9Z8X7",
    "bank.swift": "ZQXWVNVX",
    "bank.name": "Zqxwbank",
    "bank.branch": "Zqxwbranch",
    "bank.branch_address": "9 Zqxwroad",
    "bank.branch_city": "Zqxwtown",
    "bank.account_number": "98765432101234",
    # a valid IBAN found nowhere else (the site's own files hold other examples)
    "bank.iban": "DE" + iban.calc_check_digits("DE00370400449182736450") + "370400449182736450",
    "bank.holder": "Zqxwholder",
    "bank.holder_katakana": "ズクスウ",
    "basic_pension_number": "9182736450",
}


def _everything_stored(page: Page) -> str:
    """localStorage, sessionStorage, every IndexedDB record and every Cache Storage entry
    (URL and body, binary bodies as Latin-1), as one text to search."""
    return page.evaluate("""async () => {
        const parts = [JSON.stringify({...localStorage}), JSON.stringify({...sessionStorage}),
                       document.cookie];
        const text = (value) => {
            if (value instanceof ArrayBuffer) return new TextDecoder("latin1").decode(value);
            if (ArrayBuffer.isView(value)) return new TextDecoder("latin1").decode(value);
            if (value instanceof Blob) return "";
            const binary = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
            return JSON.stringify(value,
                (k, v) => binary(v) ? new TextDecoder("latin1").decode(v) : v);
        };
        for (const info of await indexedDB.databases()) {
            const db = await new Promise((ok, fail) => {
                const open = indexedDB.open(info.name);
                open.onsuccess = () => ok(open.result);
                open.onerror = () => fail(open.error);
            });
            for (const name of db.objectStoreNames) {
                const all = await new Promise((ok) => {
                    const request = db.transaction(name).objectStore(name).getAll();
                    request.onsuccess = () => ok(request.result);
                    request.onerror = () => ok([]);
                });
                for (const value of all) {
                    parts.push(value instanceof Blob
                        ? new TextDecoder("latin1").decode(await value.arrayBuffer())
                        : text(value));
                }
            }
            db.close();
        }
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                parts.push(request.url);
                const response = await cache.match(request);
                parts.push(new TextDecoder("latin1").decode(await response.arrayBuffer()));
            }
        }
        return parts.join("\\n");
    }""")


#: The payment notice's amounts: money, kept like the details.
NOTICE_MARKERS = {"notice.gross": "8765431", "notice.withheld": "1789899",
                  "notice.remitted": "6975532"}


def _fill_markers(page: Page) -> None:
    for path, value in MARKERS.items():
        field(page, path).fill(value)
    for path, value in NOTICE_MARKERS.items():
        page.locator(f'#kit-second-form [name="{path}"]').fill(value)
    field(page, "address.country").select_option("DE")
    field(page, "bank.branch_country").select_option("DE")
    field(page, "date_of_birth").fill("1991-02-03")
    field(page, "proxy").check()
    wait_kit(page)


def _secrets() -> list[str]:
    # as typed, and as the form writes them (capitals, padded SWIFT, pension number 4+6)
    values = [*MARKERS.values(), *NOTICE_MARKERS.values()]
    return [*values, *(v.upper() for v in values), "ZQXWVNVXXXX", "9182-736450", "1991-02-03",
            "8,765,431"]


def _assert_nowhere(page: Page, recorder: Recorder, site_url: str) -> None:
    recorder.check(_origin(site_url), _secrets())
    stored = _everything_stored(page)
    url = page.url
    for secret in _secrets():
        assert secret not in url, secret
        assert secret not in stored, f"{secret!r} is stored"
        assert secret.encode().decode("latin1") not in stored, f"{secret!r} is stored (UTF-8)"


def test_personal_details_never_leave_the_page(page: Page, context: BrowserContext,
                                                site_url: str) -> None:
    recorder = Recorder(context)
    open_kit(page, site_url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # its caches filled too
    recorder.ready = True
    _fill_markers(page)
    expect(page.locator('#kit-sheet [data-value="name"]')).to_have_text("ZQXWNAME VBNM")
    # every use of the page: the calendar, printing, the calculator's answers changed
    with page.expect_download():
        page.click("#kit-calendar")
    page.emulate_media(media="print")
    page.emulate_media(media="screen")
    page.locator("#kit-answers > summary").click()
    page.fill("#lsc-left", "2026-04-30")
    wait_kit(page)
    page.wait_for_timeout(1000)  # anything sent or stored late would still be seen
    assert claim_from_url(page.url)["left_japan_on"] == "2026-04-30"
    _assert_nowhere(page, recorder, site_url)
    assert recorder.requests, "the recorder saw nothing"
    # after a reload, nothing was kept: the form is empty
    page.reload()
    expect(page.locator("#claim-kit")).to_have_attribute("data-state", "ready",
                                                         timeout=BOOT_TIMEOUT_MS)
    assert field(page, "name").input_value() == ""


def test_details_kept_only_when_asked_and_forgotten(page: Page, context: BrowserContext,
                                                    site_url: str) -> None:
    recorder = Recorder(context)
    open_kit(page, site_url)
    _fill_markers(page)
    page.check("#kit-keep")
    stored = page.evaluate("JSON.stringify({...localStorage})")
    assert MARKERS["name"] in stored and MARKERS["bank.iban"] in stored
    assert MARKERS["name"] not in page.url
    page.reload()
    expect(page.locator("#claim-kit")).to_have_attribute("data-state", "ready",
                                                         timeout=BOOT_TIMEOUT_MS)
    expect(field(page, "name")).to_have_value(MARKERS["name"])
    expect(page.locator("#kit-keep")).to_be_checked()
    expect(page.locator('#kit-sheet [data-value="name"]')).to_have_text("ZQXWNAME VBNM")
    page.click("#kit-forget")
    expect(field(page, "name")).to_have_value("")
    expect(page.locator("#kit-keep")).not_to_be_checked()
    wait_kit(page)
    _assert_nowhere(page, recorder, site_url)
    page.reload()
    expect(page.locator("#claim-kit")).to_have_attribute("data-state", "ready",
                                                         timeout=BOOT_TIMEOUT_MS)
    expect(field(page, "name")).to_have_value("")


@pytest.mark.parametrize("lang", ["en", "my"])
def test_kit_page_accessibility(page: Page, site_url: str, lang: str) -> None:
    open_kit(page, site_url, lang)
    field(page, "bank.swift").fill("XX")
    expect(page.locator("#kit-form .kit-problem").first).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)[:3000]


# --- the second payment ---------------------------------------------------------------------------


def second(page: Page, path: str):
    return page.locator(f'#kit-second-form [name="{path}"]')


def test_second_payment_return_lines_are_the_engines(page: Page, site_url: str) -> None:
    open_kit(page, site_url)
    expected = kit({"claim": CLAIM}).tax_return
    assert expected is not None
    rows = page.locator("#kit-return-lines > tr")
    expect(rows).to_have_count(len(expected.lines))
    for line in expected.lines:
        row = page.locator(f'#kit-return-lines > tr[data-code="{line.code}"]')
        expect(row).to_contain_text(line.japanese)
        expect(row.locator(".kit-amount")).to_have_text(f"{line.amount:,} yen")
    expect(page.locator("#kit-return-window")).to_contain_text(
        expected.file_from.strftime("%-d %B %Y"))


def test_notice_checker_catches_a_wrong_figure(page: Page, site_url: str) -> None:
    open_kit(page, site_url)
    second(page, "notice.gross").fill("880618")
    second(page, "notice.withheld").fill("179823")
    second(page, "notice.remitted").fill("700795")
    second(page, "notice.date").fill("2027-03-20")
    note = page.locator('#kit-second-form .kit-problem[data-field="notice.withheld"]'
                        '[data-code="notice_withheld_mismatch"]')
    expect(note).to_contain_text("179,822", timeout=RESULT_TIMEOUT_MS)
    expect(second(page, "notice.withheld")).to_have_attribute("aria-invalid", "true")
    # the notice is what counts: the return now uses its figures
    expect(page.locator("#kit-return-source")).to_contain_text("payment notice")
    expect(page.locator('#kit-return-lines > tr[data-code="gross"] .kit-amount')) \
        .to_have_text("880,618 yen")
    second(page, "notice.withheld").fill("179822")
    second(page, "notice.remitted").fill("700796")
    expect(note).to_have_count(0, timeout=RESULT_TIMEOUT_MS)
    expect(page.locator("#kit-notice-ok")).to_be_visible()


def test_offers_table_and_chart(page: Page, site_url: str) -> None:
    open_kit(page, site_url)
    offers = [{"label": "Flat fee", "fixed_fee": "22000"},
              {"label": "Both payments", "percent_of_total": "20"},
              {"label": "Advance", "advance_percent": "80", "advance_months_early": "6"}]
    for index, offer in enumerate(offers):
        page.click("#kit-offer-add")
        for key, value in offer.items():
            second(page, f"offers.{index}.{key}").fill(value)
    wait_kit(page)
    expected = kit({"claim": CLAIM, "offers": [
        {"label": "Flat fee", "fixed_fee": 22000},
        {"label": "Both payments", "percent_of_total": "20"},
        {"label": "Advance", "advance_percent": "80", "advance_months_early": 6}]}).offers
    rows = page.locator("#kit-offers-body > tr")
    expect(rows).to_have_count(4, timeout=RESULT_TIMEOUT_MS)  # and doing it yourself
    for row, offer in zip(rows.all(), [*expected.offers, expected.do_it_yourself], strict=True):
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(offer.label)
        expect(cells.nth(1)).to_have_text(f"{offer.fee:,} yen")
        expect(cells.nth(2)).to_have_text(f"{offer.you_keep:,} yen")
    expect(rows.nth(2).locator("td").nth(3)).to_have_text("56.25% a year")
    bars = page.locator("#kit-offers-bars .kit-bar")
    expect(bars).to_have_count(4)
    shares = [float(bar.evaluate("b => b.style.getPropertyValue('--share')")) for bar in bars.all()]
    assert shares[-1] == 1.0 and shares[1] < shares[0] < 1.0


def test_exchange_rate_view(page: Page, site_url: str) -> None:
    open_kit(page, site_url, "vi")
    second(page, "exchange_rate.currency").fill("vnd")
    second(page, "exchange_rate.per_yen").fill("165")
    refund = page.locator('#kit-return-lines > tr[data-code="refund"] .kit-fx')
    expected = kit({"claim": CLAIM, "exchange_rate": {"currency": "VND", "per_yen": "165"}},
                   lang="vi").exchange_rate.figures["tax_return.refund"]
    whole = f"{int(expected.split('.')[0]):,}".replace(",", ".")
    expect(refund).to_contain_text(whole, timeout=RESULT_TIMEOUT_MS)
    expect(refund).to_contain_text("VND")


def test_agent_brief_prints_alone_in_japanese(page: Page, site_url: str,
                                              artefacts: Path) -> None:
    open_kit(page, site_url, "vi")
    field(page, "name").fill("Nguyễn Văn Đức")
    field(page, "basic_pension_number").fill("1234567890")
    wait_kit(page)
    page.evaluate("document.body.dataset.kitPrint = 'brief'")
    page.emulate_media(media="print")
    brief = page.locator("#kit-brief")
    assert brief.is_visible()
    assert not page.locator("#kit-sheet").is_visible()
    assert not page.locator("#kit-form").is_visible()
    expect(brief.locator('[data-brief="name"]')).to_have_text("NGUYEN VAN DUC")
    expect(brief.locator("h2 [lang=ja]")).to_contain_text("納税管理人")
    refund = kit({"claim": CLAIM}).tax_return.refund
    expect(brief.locator("#kit-brief-lines")).to_contain_text(f"{refund:,}円")
    pdf = page.pdf(format="A4", print_background=True)
    (artefacts / "agent-brief-vi.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")

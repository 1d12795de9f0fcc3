"""Page object for /calculator/: fill the form as a person would, read what the page shows.

Expected figures always come from `calc.estimate` run in the test process on the same claim,
never from numbers written into a test.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from playwright.sync_api import Locator, Page, expect

import calc

BOOT_TIMEOUT_MS = 90_000  # Python boots in ~3-6 s here; room for a slow CI machine
RESULT_TIMEOUT_MS = 15_000

#: Estimate keys every result must show, each as data-field / data-value.
RESULT_FIELDS = [
    "eligible",
    "claim_deadline",
    "national_pension.amount",
    "employees_pension.amount",
    "employees_pension.withholding_tax",
    "employees_pension.amount_after_withholding",
    "employees_pension.tax_refund.low",
    "employees_pension.tax_refund.high",
    "total_received",
    "parameters_last_verified",
]

LIST_ROWS = {
    "employees_pension": "#lsc-epi-rows",
    "national_pension": "#lsc-np-rows",
    "bonuses": "#lsc-bonus-rows",
}
SCALAR_INPUTS = {
    "claim_date": "#lsc-claim-date",
    "left_japan_on": "#lsc-left",
    "reentry_permit_until": "#lsc-reentry",
    "other_retirement_income_same_year": "#lsc-other-income",
}
CHECKBOXES = {
    "permanent_resident": "#lsc-permanent",
    "ever_entitled_to_pension": "#lsc-entitled",
    "what_if_96_month_cap": "#lsc-cap96",
}


def link_fragment(claim: dict[str, Any]) -> str:
    raw = base64.urlsafe_b64encode(json.dumps(claim).encode()).decode().rstrip("=")
    return f"#c={raw}"


def claim_from_url(url: str) -> dict[str, Any]:
    raw = url.split("#c=", 1)[1]
    return json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))


def expected_values(claim: dict[str, Any]) -> dict[str, str]:
    """What the page must show for `claim`, as data-value strings, from the engine itself."""
    estimate = calc.estimate(claim).model_dump(mode="json")
    values = {}
    for field in RESULT_FIELDS:
        value: Any = estimate
        for key in field.split("."):
            value = value[key]
        if isinstance(value, bool):
            values[field] = "true" if value else "false"
        else:
            values[field] = "" if value is None else str(value)
    return values


class CalculatorPage:
    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.site_url = site_url
        self.result = page.locator("#result")

    # --- navigation ------------------------------------------------------------------------
    def open(self, fragment: str = "") -> CalculatorPage:
        self.page.goto(self.site_url + "calculator/" + fragment)
        return self

    def wait_python(self) -> None:
        expect(self.page.locator("#calc-status")).to_have_attribute(
            "data-state", "ready", timeout=BOOT_TIMEOUT_MS
        )

    def wait_result(self, state: str = "ready") -> None:
        """Wait until the latest edit has been computed and shown with `state`."""
        settled = self.page.locator(f"#result[data-state='{state}']:not([aria-busy])")
        expect(settled).to_have_count(1, timeout=BOOT_TIMEOUT_MS)

    # --- filling -----------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.page.locator(f"input[name=mode][value={mode}]").check()

    def rows(self, name: str) -> Locator:
        return self.page.locator(f"{LIST_ROWS[name]} > li")

    def ensure_rows(self, name: str, count: int) -> None:
        while self.rows(name).count() < count:
            self.page.locator(f"[data-add={name}]").click()

    def fill_row(self, name: str, index: int, item: dict[str, Any]) -> None:
        row = self.rows(name).nth(index)
        for key, value in item.items():
            if key in ("standard_monthly_remuneration", "monthly_salary"):
                row.locator("[data-key=kind]").select_option(key)
                row.locator("[data-key=amount]").fill(str(value))
            elif key == "status":
                row.locator("[data-key=status]").select_option(value)
            elif key == "already_paid_out":
                row.locator("[data-key=already_paid_out]").set_checked(bool(value))
            else:
                row.locator(f"[data-key={key}]").fill(str(value))

    def fill(self, claim: dict[str, Any], mode: str | None = None) -> None:
        """Type `claim` into the form, in quick mode when it fits, as a user would."""
        if mode is None:
            periods = ("employees_pension", "national_pension")
            many = any(len(claim.get(name, [])) > 1 for name in periods)
            paid_out = any(p.get("already_paid_out") for name in periods
                           for p in claim.get(name, []))
            mode = "detailed" if many or paid_out or claim.get("bonuses") else "quick"
        self.set_mode(mode)
        if "nationality" in claim:
            self.page.locator("#lsc-nationality").focus()  # reached first, as a reader does
            self.page.select_option("#lsc-nationality", claim["nationality"])
        for key, selector in SCALAR_INPUTS.items():
            if key in claim:
                self.page.fill(selector, str(claim[key]))
        for key, selector in CHECKBOXES.items():
            self.page.locator(selector).set_checked(bool(claim.get(key)))
        # The box says "I left without filing a moving-out notice": the opposite of the key.
        self.page.locator("#lsc-no-moving-out").set_checked(
            claim.get("moved_out_notice_filed", True) is False)
        for name in LIST_ROWS:
            items = claim.get(name, [])
            if items:
                self.ensure_rows(name, len(items))
            for index, item in enumerate(items):
                self.fill_row(name, index, item)

    # --- reading -----------------------------------------------------------------------------
    def shown_values(self) -> dict[str, str]:
        """{data-field: data-value} of every value shown in the result."""
        return self.result.evaluate(
            """(region) => Object.fromEntries([...region.querySelectorAll('[data-field]')]
                 .filter((node) => node.hasAttribute('data-value'))
                 .map((node) => [node.dataset.field, node.dataset.value]))"""
        )

    def assert_matches_engine(self, claim: dict[str, Any]) -> None:
        self.wait_result("ready")
        expected = expected_values(claim)
        shown = self.shown_values()
        assert {field: shown.get(field) for field in expected} == expected

    def error_for(self, field_selector: str) -> Locator:
        """The visible error shown by a field: in its own box, or in its row for row errors."""
        return self.page.locator(field_selector).locator(
            "xpath=ancestor::div[contains(@class,'lsc-field') or contains(@class,'lsc-check')][1]"
            "/p[contains(@class,'lsc-field__error')]"
            " | ancestor::li[contains(@class,'lsc-row')][1]/p[contains(@class,'lsc-row__error')]"
        ).locator("visible=true")


def assert_no_horizontal_overflow(page: Page, width: int) -> None:
    """Nothing reaches past a ``width``-pixel screen, not even something closed or invisible
    (a hidden menu still widens the page a phone can swipe). Compared with the width asked
    for, not with ``innerWidth``: a phone browser widens its viewport to fit an overflow."""
    found = page.evaluate("""(width) => {
      const wide = document.scrollingElement.scrollWidth;
      const out = [];
      for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        // Laid out but not rendered (a closed <details>) cannot be swiped to: skipped. A
        // closed menu, invisible but laid out, still counts.
        if (box.width && box.right > width + 0.5 && el.checkVisibility()) {
          let clipped = false;
          for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (/(auto|scroll|hidden|clip)/.test(style.overflowX)
                && up.getBoundingClientRect().right <= width + 0.5) { clipped = true; break; }
          }
          const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
          if (!clipped) out.push(`${name} right=${Math.round(box.right)}`);
        }
      }
      return { wide, out: out.slice(0, 8) };
    }""", width)
    assert found["wide"] <= width and not found["out"], \
        f"page is {found['wide']}px wide on a {width}px screen: {found['out']}"

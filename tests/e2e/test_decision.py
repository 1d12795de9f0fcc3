"""The "claim now, or keep the months?" panel, repeat stays and re-entry permits, in the page."""

from __future__ import annotations

from playwright.sync_api import expect

import calc

from claims import CLAIM_DATE

#: Seven years with one employer: 24 months above today's 60-month cap.
LONG_STAY = {
    "claim_date": CLAIM_DATE,
    "nationality": "PH",
    "left_japan_on": "2026-03-31",
    "employees_pension": [{"from": "2019-04", "to": "2026-03",
                           "standard_monthly_remuneration": 300000}],
}


def test_comparison_panel_shows_the_engine_figures(calculator) -> None:
    calculator.open()
    calculator.fill(LONG_STAY)
    calculator.wait_result()
    decision = calc.estimate(LONG_STAY).decision
    panel = calculator.page.locator(".lsc-decision")
    expect(panel).to_be_visible()
    for field, value in {
        "decision.lump_sum_now": decision.lump_sum_now,
        "decision.lump_sum_if_96_month_cap": decision.lump_sum_if_96_month_cap,
        "decision.pension.yearly_total": decision.pension.yearly_total,
        "decision.pension.years_to_exceed_lump_sum": decision.pension.years_to_exceed_lump_sum,
    }.items():
        expect(panel.locator(f"[data-field='{field}']")).to_have_attribute("data-value", str(value))
    # The Philippines adds up pension periods with Japan: the panel says what claiming gives up.
    expect(panel).to_contain_text("the Philippines")
    expect(panel.locator("details li")).to_have_count(len(decision.assumptions))


def test_months_already_paid_out_are_left_out(calculator) -> None:
    claim = {
        "claim_date": CLAIM_DATE,
        "nationality": "VN",
        "left_japan_on": "2026-03-31",
        "employees_pension": [
            {"from": "2015-04", "to": "2018-03", "standard_monthly_remuneration": 250000,
             "already_paid_out": True},
            {"from": "2023-04", "to": "2026-03", "standard_monthly_remuneration": 200000},
        ],
    }
    calculator.open()
    calculator.fill(claim)
    calculator.wait_result()
    calculator.assert_matches_engine(claim)
    months = calculator.page.locator("[data-field='employees_pension.insured_months']")
    expect(months).to_have_attribute("data-value", "36")


def test_reentry_permit_without_moving_out_notice(calculator) -> None:
    claim = {
        "claim_date": CLAIM_DATE,
        "nationality": "VN",
        "left_japan_on": "2026-03-31",
        "reentry_permit_until": "2027-03-31",
        "moved_out_notice_filed": False,
        "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": 230000}],
    }
    calculator.open()
    calculator.fill(claim)
    calculator.wait_result()
    estimate = calc.estimate(claim)
    assert not estimate.eligible
    calculator.assert_matches_engine(claim)
    expect(calculator.page.locator("[data-code='reentry_permit_valid']")).to_contain_text(
        estimate.reasons[0].message)

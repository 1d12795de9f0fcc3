"""The claim kit (``calc.kit``): every check of the claim form, the values as written, the
dated plan and its calendar, the attachments and the request's errors."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

import icalendar
import pytest
from stdnum import iban

from calc import InvalidClaim, estimate, i18n, tax
from calc.api import kit_for
from calc.kit import calendar_text, kit
from calc.kit.latin import to_form
from calc.kit.procedure import load_procedure
from calc.parameters import load_parameters
from tests.unit.conftest import epi, make_claim, np_period

CLAIM = make_claim(employees_pension=[epi("2023-04", "2026-03", 230000)])

DETAILS: dict[str, Any] = {
    "name": "Nguyễn Văn Đức",
    "date_of_birth": "1998-05-12",
    "address": {"street": "12 Lê Lợi, P. Phú Hội", "city": "Huế", "state": "Thừa Thiên Huế",
                "postcode": "530000", "country": "VN"},
    "bank": {"swift": "BFTVVNVX", "name": "Vietcombank", "branch": "Huế",
             "branch_address": "78 Hùng Vương", "branch_city": "Huế", "branch_country": "VN",
             "account_number": "0123456789", "holder": "NGUYEN VAN DUC"},
    "basic_pension_number": "1234-567890",
    "history": [{"employer": "Kabushiki Kaisha Sakura", "employer_address": "Aichi",
                 "from": "2023-04", "to": "2026-03", "scheme": "employees_pension"}],
}


def details(**changes: Any) -> dict[str, Any]:
    """DETAILS with ``changes``; a dotted key (``bank.swift``) changes one nested field."""
    result = copy.deepcopy(DETAILS)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = result
        for part in parents:
            target = target.setdefault(part, {})
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return result


def run(claim: dict[str, Any] | None = None, lang: str = "en", **changes: Any):
    return kit({"claim": claim or CLAIM, "details": details(**changes)}, lang=lang)


def problems(result) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for problem in result.form.problems:
        found.setdefault(problem.field, set()).add(problem.code)
    return found


def codes(result, field: str) -> set[str]:
    return problems(result).get(field, set())


# --- a complete, correct form -------------------------------------------------------------


def test_complete_form_is_ok_and_written_in_latin_capitals() -> None:
    result = run()
    assert result.form.ok, result.form.problems
    assert [p.severity for p in result.form.problems] == []
    values = result.form.values
    assert values.name == "NGUYEN VAN DUC"
    assert values.nationality == "VIETNAM"
    assert values.address.street == "12 LE LOI, P. PHU HOI"
    assert values.address.city == "HUE"
    assert values.address.state == "THUA THIEN HUE"
    assert values.address.country == "VIETNAM"
    assert values.bank.swift == "BFTVVNVXXXX"
    assert values.bank.branch_address == "78 HUNG VUONG"
    assert values.bank.account == "0123456789"
    assert values.basic_pension_number == "1234-567890"
    assert values.history[0].scheme == 2 and not values.history[0].derived


@pytest.mark.parametrize(("typed", "written"), [
    ("Nguyễn Văn Đức", "NGUYEN VAN DUC"),
    ("Müller-Lüdenscheidt", "MULLER-LUDENSCHEIDT"),
    ("São Paulo", "SAO PAULO"),
    ("Ñuñoa", "NUNOA"),
    ("Łódź", "LODZ"),
    ("Straße  7", "STRASSE 7"),
    ("ＡＢＣ　１２３", "ABC 123"),
    ("  o’brien ", "O'BRIEN"),
])
def test_latin_capitals(typed: str, written: str) -> None:
    assert to_form(typed).text == written
    assert to_form(typed).ok


@pytest.mark.parametrize(("typed", "bad"), [
    ("Иван Петров", "ИВАНПЕТРО"), ("สมชาย", "สมชาย"), ("山田 太郎", "山田太郎"), ("An 😀", "😀")])
def test_non_latin_characters_are_named(typed: str, bad: str) -> None:
    assert set(to_form(typed).not_latin) == set(bad)
    result = run(name=typed, **{"bank.holder": typed})
    assert "latin_only" in codes(result, "details.name")
    message = next(p.message for p in result.form.problems if p.field == "details.name")
    assert bad[0] in message


# --- item 4: address after leaving Japan --------------------------------------------------


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"address.country": "JP"}, "details.address.country", "japanese_address"),
    ({"address.postcode": "160-0022"}, "details.address.postcode", "japanese_postcode"),
    ({"address.postcode": "〒1600022"}, "details.address.postcode", "japanese_postcode"),
    ({"address.city": "Shinjuku-ku, Tokyo"}, "details.address.city", "japanese_prefecture"),
    ({"address.state": "AICHI-KEN"}, "details.address.state", "japanese_prefecture"),
    ({"address.state": "Osaka"}, "details.address.state", "japanese_prefecture"),
    ({"address.street": "東京都新宿区西新宿2-8-1"}, "details.address.street",
     "japanese_prefecture"),
    ({"address.street": "1-2-3 Nishi, Japan"}, "details.address.street", "japanese_address"),
    ({"address.country": "Vietnam"}, "details.address.country", "country_code"),
    ({"address.city": None}, "details.address.city", "missing"),
    ({"address.street": None}, "details.address.street", "missing"),
    ({"address.country": None}, "details.address.country", "missing"),
])
def test_address_checks(changes: dict[str, Any], field: str, code: str) -> None:
    result = run(**changes)
    assert code in codes(result, field), result.form.problems
    assert not result.form.ok


def test_kanji_address_is_also_not_latin() -> None:
    result = run(**{"address.street": "東京都新宿区"})
    assert codes(result, "details.address.street") == {"latin_only", "japanese_prefecture"}


def test_address_abroad_that_shares_no_japanese_name_passes() -> None:
    result = run(**{"address.city": "Kochi", "address.state": "Kerala", "address.country": "IN",
                    "address.postcode": "682001"})
    assert not codes(result, "details.address.city") and not codes(result, "details.address.state")


def test_no_postcode_is_a_warning_and_no_state_is_fine() -> None:
    result = run(**{"address.postcode": None, "address.state": None})
    assert codes(result, "details.address.postcode") == {"postcode_missing"}
    assert result.form.ok  # a country may have neither
    assert result.form.values.address.state == ""


# --- item 5: SWIFT, IBAN, holder --------------------------------------------------------------


@pytest.mark.parametrize(("swift", "country", "written"), [
    ("BFTVVNVX", "VN", "BFTVVNVXXXX"),
    ("bftv vn vx", "VN", "BFTVVNVXXXX"),
    ("DEUTDEFF500", "DE", "DEUTDEFF500"),
    ("BKKBTHBK", "TH", "BKKBTHBKXXX"),
    ("CENAIDJA", "ID", "CENAIDJAXXX"),
    ("BOPIPHMM", "PH", "BOPIPHMMXXX"),
    ("NARBNPKA", "NP", "NARBNPKAXXX"),
])
def test_valid_swift_codes_are_padded_to_eleven(swift: str, country: str, written: str) -> None:
    result = run(**{"bank.swift": swift, "bank.branch_country": country,
                    "address.country": country})
    assert not codes(result, "details.bank.swift"), result.form.problems
    assert result.form.values.bank.swift == written
    assert len(result.form.values.bank.swift) == 11


@pytest.mark.parametrize(("swift", "code"), [
    ("BFTVVNV", "swift_length"),
    ("BFTVVNVXX", "swift_length"),
    ("BFT1VNVX", "swift_format"),
    ("BFTVQQVX", "swift_country_unknown"),
    ("DEUTDEFF", "swift_country_mismatch"),
    (None, "swift_required"),
])
def test_invalid_swift_codes(swift: str | None, code: str) -> None:
    result = run(**{"bank.swift": swift})
    assert codes(result, "details.bank.swift") == {code}
    problem = next(p for p in result.form.problems if p.field == "details.bank.swift")
    assert problem.severity == ("missing" if swift is None else "error")
    assert problem.reference.startswith("https://")


def test_bank_in_japan_needs_no_swift_but_katakana() -> None:
    result = run(**{"bank.swift": None, "bank.branch_country": "JP"})
    assert not codes(result, "details.bank.swift")
    assert "katakana_missing" in codes(result, "details.bank.holder_katakana")
    assert "japanese_account" in codes(result, "details.bank.branch_country")
    result = run(**{"bank.swift": None, "bank.branch_country": "JP",
                    "bank.holder_katakana": "グエン バン ドゥック"})
    assert not codes(result, "details.bank.holder_katakana")
    assert result.form.values.bank.holder_katakana == "グエン バン ドゥック"
    assert result.form.values.bank.in_japan
    result = run(**{"bank.swift": None, "bank.branch_country": "JP",
                    "bank.holder_katakana": "Nguyen"})
    assert codes(result, "details.bank.holder_katakana") == {"katakana_only"}


@pytest.mark.parametrize(("iban_text", "country", "written"), [
    ("DE89370400440532013000", "DE", "DE89 3704 0044 0532 0130 00"),
    ("gb82 west 1234 5698 7654 32", "GB", "GB82 WEST 1234 5698 7654 32"),
    ("FR1420041010050500013M02606", "FR", "FR14 2004 1010 0505 0001 3M02 606"),
    ("ES9121000418450200051332", "ES", "ES91 2100 0418 4502 0005 1332"),
    ("BE71096123456769", "BE", "BE71 0961 2345 6769"),
    ("SA0380000000608010167519", "SA", "SA03 8000 0000 6080 1016 7519"),
])
def test_valid_ibans(iban_text: str, country: str, written: str) -> None:
    swift = {"DE": "DEUTDEFF", "GB": "NWBKGB2L", "FR": "BNPAFRPP", "ES": "CAIXESBB",
             "BE": "GEBABEBB", "SA": "RJHISARI"}[country]
    result = run(**{"bank.iban": iban_text, "bank.branch_country": country,
                    "bank.swift": swift, "address.country": country, "bank.account_number": None})
    assert not codes(result, "details.bank.iban"), result.form.problems
    assert result.form.values.bank.account == written
    assert result.form.ok, result.form.problems


@pytest.mark.parametrize(("iban_text", "code"), [
    ("DE89370400440532013001", "iban_checksum"),
    ("DE" + iban.calc_check_digits("DE00370400440532013") + "370400440532013", "iban_format"),
    ("GB82WEST12345698765432", "iban_country_mismatch"),
    ("QQ12345678", "iban_country"),
])
def test_invalid_ibans(iban_text: str, code: str) -> None:
    result = run(**{"bank.iban": iban_text, "bank.branch_country": "DE", "bank.swift": "DEUTDEFF"})
    assert code in codes(result, "details.bank.iban"), result.form.problems


def test_iban_with_a_bank_code_unknown_to_the_list_is_a_warning() -> None:
    result = run(**{"bank.iban": "BE68539007547034", "bank.branch_country": "BE",
                    "bank.swift": "GEBABEBB", "address.country": "BE"})
    assert codes(result, "details.bank.iban") == {"iban_bank_unknown"}
    assert result.form.ok


def test_iban_required_in_europe_and_the_middle_east() -> None:
    for country, swift in (("DE", "DEUTDEFF"), ("AE", "EBILAEAD")):
        result = run(**{"bank.branch_country": country, "bank.swift": swift,
                        "address.country": country})
        assert codes(result, "details.bank.iban") == {"iban_required"}, country
    # living in Germany with an account at home is also asked for an IBAN (JPS keys the rule
    # on where the claimant lives); Vietnam has no IBAN, so that account cannot give one
    result = run(**{"address.country": "DE"})
    assert not codes(result, "details.bank.iban")
    result = run(**{"bank.branch_country": "JP", "bank.swift": None, "address.country": "DE"})
    assert not codes(result, "details.bank.iban")  # a bank in Japan: no IBAN


def test_account_holder_must_be_the_claimant() -> None:
    result = run(**{"bank.holder": "Tran Thi B"})
    assert codes(result, "details.bank.holder") == {"holder_not_claimant"}
    assert not result.form.ok
    result = run(**{"bank.holder": "Duc Nguyen Van"})
    assert codes(result, "details.bank.holder") == {"holder_order"}
    assert result.form.ok
    result = run(**{"bank.holder": "nguyễn văn đức"})
    assert not codes(result, "details.bank.holder")


# --- items 3, 6 and 7 ------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "written"), [
    ("1234-567890", "1234-567890"), ("1234567890", "1234-567890"),
    ("１２３４－５６７８９０", "1234-567890"), ("1234 567890", "1234-567890")])
def test_pension_number_written_four_and_six(typed: str, written: str) -> None:
    result = run(basic_pension_number=typed)
    assert result.form.values.basic_pension_number == written
    assert not codes(result, "details.basic_pension_number")


@pytest.mark.parametrize("typed", ["12345", "1234-56789X", "12345678901"])
def test_pension_number_shape(typed: str) -> None:
    assert codes(run(basic_pension_number=typed), "details.basic_pension_number") == {
        "pension_number_format"}


def test_permanent_resident_warns_as_the_engine_does() -> None:
    claim = make_claim(permanent_resident=True, employees_pension=CLAIM["employees_pension"])
    result = run(claim)
    found = codes(result, "details.permanent_resident_since")
    assert found == {"permanent_resident", "missing"}
    engine = next(w for w in estimate(claim).warnings if w.code == "permanent_resident")
    assert engine.message in {p.message for p in result.form.problems}
    result = run(claim, permanent_resident_since="2018-07-01")
    assert result.form.values.permanent_resident
    assert codes(result, "details.permanent_resident_since") == {"permanent_resident"}


def test_history_derived_from_the_calculator_periods() -> None:
    claim = make_claim(national_pension=[np_period("2019-04", "2020-03")],
                       employees_pension=[epi("2020-04", "2022-03"), epi("2022-04", "2024-03"),
                                          epi("2025-01", "2026-03")])
    result = run(claim, history=None)
    rows = [(r.from_, r.to, r.scheme, r.derived) for r in result.form.values.history]
    assert rows == [("2019-04", "2020-03", 1, True), ("2020-04", "2024-03", 2, True),
                    ("2025-01", "2026-03", 2, True)]
    assert codes(result, "details.history") == {"history_derived"}
    assert not result.form.ok


def test_more_history_rows_than_the_form_holds() -> None:
    rows = [{"employer": f"Company {i}", "from": f"20{10 + i}-01", "to": f"20{10 + i}-12",
             "scheme": "employees_pension"} for i in range(6)]
    result = run(history=rows)
    assert codes(result, "details.history") == {"history_more_rows"}
    problem = next(p for p in result.form.problems if p.field == "details.history")
    assert problem.params == {"rows": "6", "room": "4"}
    assert result.form.ok  # a warning: the rest goes on a separate sheet


def test_history_row_checks() -> None:
    result = run(history=[{"from": "2024-05", "to": "2023-01"}])
    assert codes(result, "details.history.0.to") == {"history_order"}
    assert codes(result, "details.history.0.employer") == {"missing"}
    assert codes(result, "details.history.0.scheme") == {"missing"}


# --- dates around the moving-out day ------------------------------------------------------


def test_posting_before_moving_out_warns_that_it_may_arrive_too_early() -> None:
    claim = make_claim(claim_date="2026-04-05", employees_pension=CLAIM["employees_pension"])
    moving_out = date(2026, 3, 31)
    early = run(claim, posting_date=str(moving_out - timedelta(days=2)))
    assert codes(early, "details.posting_date") == {"arrives_too_early"}
    problem = next(p for p in early.form.problems if p.field == "details.posting_date")
    assert problem.params == {"arrival": "2026-03-30", "moving_out": "2026-03-31"}
    on_time = run(claim, posting_date=str(moving_out - timedelta(days=1)))
    assert not codes(on_time, "details.posting_date")
    after = run(claim, posting_date=str(moving_out + timedelta(days=1)))
    assert not codes(after, "details.posting_date")


def test_posting_after_the_deadline_is_an_error() -> None:
    result = run(posting_date="2028-04-02")
    assert "posting_after_deadline" in codes(result, "details.posting_date")
    assert not result.form.ok


def test_claim_date_far_from_the_posting_date() -> None:
    result = run(posting_date="2026-04-10")  # the claim says it arrives in November
    assert codes(result, "details.posting_date") == {"claim_date_after_posting"}
    result = run(posting_date="2026-11-30")
    assert codes(result, "details.posting_date") == {"claim_date_before_posting"}


def test_moving_out_date_defaults_to_the_calculators_and_differences_are_said() -> None:
    assert run().plan[0].until == date(2026, 3, 31)
    result = run(moving_out_date="2026-04-15")
    assert codes(result, "details.moving_out_date") == {"moving_out_differs"}
    assert next(s for s in result.plan if s.code == "claim_earliest").date == date(2026, 4, 15)
    claim = {k: v for k, v in CLAIM.items() if k != "left_japan_on"}
    assert codes(run(claim), "details.moving_out_date") == {"missing"}


def test_date_of_birth_checks() -> None:
    assert codes(run(date_of_birth="2027-01-01"), "details.date_of_birth") == {
        "date_of_birth_future"}
    assert codes(run(date_of_birth=None), "details.date_of_birth") == {"missing"}


# --- the plan ----------------------------------------------------------------------------------


def steps(result) -> dict[str, Any]:
    return {step.code: step for step in result.plan}


def test_plan_dates_come_from_the_rules() -> None:
    result = run()
    plan = steps(result)
    moving_out = date(2026, 3, 31)
    assert plan["moving_out_notice"].from_ == moving_out - timedelta(days=14)
    assert plan["moving_out_notice"].until == moving_out
    assert plan["tax_agent"].until == moving_out
    assert plan["save_records"].until == moving_out
    assert plan["claim_earliest"].date == moving_out
    expected = estimate(CLAIM)
    assert plan["claim_deadline"].date == expected.claim_deadline == date(2028, 3, 31)
    assert result.estimate.claim_deadline == expected.claim_deadline
    assert result.estimate.total_received == expected.total_received
    assert plan["payment_expected"].date == tax.payment_date(date(2026, 11, 24))
    assert plan["payment_expected"].estimate
    first, last = tax.filing_period(load_parameters(), date(2026, 11, 24))
    assert (plan["tax_refund_window"].from_, plan["tax_refund_window"].until) == (first, last)
    dates = [s.date or s.from_ or s.until for s in result.plan]
    assert dates == sorted(dates)
    for step in result.plan:
        assert step.reference.startswith("http") and step.confidence in (
            "official", "secondary", "unverified")


@pytest.mark.parametrize(("claim_date", "paid", "file_from", "file_until"), [
    ("2026-08-20", date(2026, 12, 18), date(2027, 1, 1), date(2031, 12, 31)),
    ("2026-09-10", date(2027, 1, 8), date(2028, 1, 1), date(2032, 12, 31)),
])
def test_payment_in_december_or_january_moves_the_refund_a_year(
        claim_date: str, paid: date, file_from: date, file_until: date) -> None:
    claim = make_claim(claim_date=claim_date, left_japan_on="2026-08-15",
                       employees_pension=[epi("2023-04", "2026-07")])
    plan = steps(run(claim))
    assert plan["payment_expected"].date == paid
    assert (plan["tax_refund_window"].from_, plan["tax_refund_window"].until) == (
        file_from, file_until)


def test_claim_before_moving_out_is_planned_from_the_moving_out_date() -> None:
    claim = make_claim(claim_date="2026-02-01", employees_pension=[epi("2023-04", "2026-01")])
    plan = steps(run(claim))
    assert plan["payment_expected"].date == tax.payment_date(date(2026, 3, 31))


def test_leap_day_windows() -> None:
    claim = make_claim(claim_date="2028-03-10", left_japan_on="2028-02-29",
                       employees_pension=[epi("2025-04", "2028-01")])
    result = run(claim, **{"defined_contribution": {"company": True, "ideco": True,
                                                    "left_plan_on": "2028-02-29"}})
    plan = steps(result)
    assert plan["moving_out_notice"].from_ == date(2028, 2, 15)
    assert plan["claim_deadline"].date == date(2030, 2, 28)
    assert plan["company_dc"].until == date(2028, 8, 31)  # Feb + 6 months, from March
    assert plan["ideco"].until == date(2030, 2, 28)
    assert not plan["company_dc"].estimate


def test_dc_windows_assume_the_day_after_the_last_employees_pension_month() -> None:
    result = run(defined_contribution={"company": True})
    plan = steps(result)
    assert plan["company_dc"].from_ == date(2026, 4, 1)
    assert plan["company_dc"].until == date(2026, 10, 31)
    assert plan["company_dc"].estimate and plan["company_dc"].confidence == "secondary"
    assert "ideco" not in plan
    assert "company_dc" not in steps(run())


# --- attachments ----------------------------------------------------------------------------


def needed(result) -> set[str]:
    return {paper.code for paper in result.attachments if paper.needed}


def test_attachments_ticked_for_the_person() -> None:
    assert needed(run()) == {"passport", "bank_proof", "pension_number_proof"}
    claim = make_claim(moved_out_notice_filed=False, employees_pension=CLAIM["employees_pension"])
    assert "no_address_proof" in needed(run(claim))
    assert "bank_proof" not in needed(run(bank_certification="stamp"))
    assert "power_of_attorney" in needed(run(proxy=True))
    posted_from_japan = make_claim(claim_date="2026-04-02",
                                   employees_pension=CLAIM["employees_pension"])
    assert "resident_record" in needed(run(posted_from_japan, posting_date="2026-03-30"))


# --- the calendar -----------------------------------------------------------------------------


def test_calendar_is_valid_rfc5545_with_stable_uids_and_no_personal_details() -> None:
    request = {"claim": CLAIM, "details": details(defined_contribution={"ideco": True})}
    text = calendar_text(request)
    assert text == calendar_text(request)  # stable
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    plan = kit(request).plan
    long_windows = sum(1 for s in plan if s.from_ and s.until and (s.until - s.from_).days >= 31)
    assert len(events) == len(plan) + long_windows
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date and end > start  # all-day
    summaries = {str(event["SUMMARY"]) for event in events}
    assert "Claim deadline" in summaries
    assert "Tax refund: your agent can file the return: opens" in summaries
    for secret in ("NGUYEN", "Nguyễn", "0123456789", "BFTVVNVX", "1234", "Lê Lợi"):
        assert secret not in text


def test_calendar_in_another_language() -> None:
    text = calendar_text({"claim": CLAIM, "details": details()}, lang="ja")
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    deadline = next(e for e in events if e.decoded("DTSTART") == date(2028, 3, 31))
    assert str(deadline["SUMMARY"]) == i18n.text("kit.plan.claim_deadline.title", "ja")


# --- requests that cannot be read ------------------------------------------------------------


@pytest.mark.parametrize(("request_", "field", "code"), [
    ("{not json", "", "json_invalid"),
    ("[]", "", "model_type"),
    ({"details": {}}, "claim", "missing"),
    ({"claim": CLAIM, "extra": 1}, "extra", "extra_forbidden"),
    ({"claim": {**CLAIM, "nationality": "JP"}}, "claim.nationality", "japanese_national"),
    ({"claim": {**CLAIM, "employees_pension": [{"from": "2024-13"}]}},
     "claim.employees_pension.0.from", "month_format"),
])
def test_unreadable_requests(request_: Any, field: str, code: str) -> None:
    with pytest.raises(InvalidClaim) as raised:
        kit(request_)
    assert (field, code) in {(e.field, e.code) for e in raised.value.errors}
    answer = kit_for(request_ if isinstance(request_, str) else json.dumps(request_), "vi")
    assert answer["ok"] is False
    assert all(error["message"] for error in answer["errors"])


def test_unreadable_details_are_located_and_the_rest_is_still_checked() -> None:
    result = kit({"claim": CLAIM, "details": details(
        date_of_birth="31/12/1990", history=[{"from": "2024/13", "employer": "A"}],
        **{"bank.swift": 12345678, "address.country": "JP"})})
    found = problems(result)
    assert found["details.date_of_birth"] == {"date_parsing"}
    assert found["details.history.0.from"] == {"day_or_month"}
    assert found["details.bank.swift"] == {"string_type"}
    assert "japanese_address" in found["details.address.country"]
    assert result.form.values.name == "NGUYEN VAN DUC"
    assert not result.form.ok


@pytest.mark.parametrize("bad", [None, "x", [], 5, {"name": {"a": 1}}, {"history": "x"},
                                 {"bank": [1]}, {"unknown": 1}])
def test_details_of_any_shape_never_fail(bad: Any) -> None:
    result = kit({"claim": CLAIM, "details": bad})
    assert result.plan  # the plan needs no personal detail
    assert not result.form.ok


def test_no_details_lists_what_is_missing() -> None:
    result = kit({"claim": CLAIM})
    missing = {p.field for p in result.form.problems if p.severity == "missing"}
    assert {"details.name", "details.date_of_birth", "details.address.street",
            "details.bank.swift", "details.basic_pension_number"} <= missing


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_every_language_says_every_problem(lang: str) -> None:
    result = run(lang=lang, name="Иван", **{"bank.swift": "DEUTDEFF", "address.country": "JP",
                                            "basic_pension_number": "12"})
    for problem in result.form.problems:
        assert problem.message and "{" not in problem.message
    for step in result.plan:
        assert step.title and "{" not in step.action
    english = run(name="Иван", **{"bank.swift": "DEUTDEFF", "address.country": "JP",
                                  "basic_pension_number": "12"})
    assert [(p.field, p.code) for p in result.form.problems] == [
        (p.field, p.code) for p in english.form.problems]
    assert result.form.values == english.form.values


def test_procedure_facts_have_sources_and_confidence() -> None:
    procedure = load_procedure()
    for name in type(procedure).model_fields:
        fact = getattr(procedure, name)
        if name == "last_verified":
            continue
        assert fact.source.startswith("http"), name
        assert fact.confidence in ("official", "secondary", "unverified"), name


# --- the command line ---------------------------------------------------------------------------


def lumpsum(*args: str, stdin: str | None = None):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    command = shutil.which("lumpsum") or str(Path(sys.executable).with_name("lumpsum"))
    return subprocess.run([command, *args], input=stdin, capture_output=True, text=True,
                          timeout=60, check=False)


def test_cli_kit_text_json_and_ics(tmp_path) -> None:
    request = {"claim": CLAIM, "details": details()}
    path = tmp_path / "kit.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    expected = kit(request)
    text = lumpsum("kit", str(path))
    assert text.returncode == 0, text.stderr
    assert "NGUYEN VAN DUC" in text.stdout and "BFTVVNVXXXX" in text.stdout
    assert all(step.title in text.stdout for step in expected.plan)
    as_json = lumpsum("kit", "-", "--format", "json", stdin=json.dumps(request))
    assert json.loads(as_json.stdout) == expected.model_dump(mode="json", by_alias=True)
    ics = lumpsum("kit", str(path), "--format", "ics")
    assert ics.returncode == 0
    assert icalendar.Calendar.from_ical(ics.stdout).walk("VEVENT")
    japanese = lumpsum("--lang", "ja", "kit", str(path))
    assert i18n.text("kit.cli.plan", "ja") in japanese.stdout


@pytest.mark.parametrize("stdin", ["{not json", "[]", json.dumps({"claim": {"nationality": "JP"}}),
                                   json.dumps({"claim": CLAIM, "unknown": 1})])
def test_cli_kit_bad_input_exits_2_without_a_traceback(stdin: str) -> None:
    done = lumpsum("kit", "-", stdin=stdin)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()
    as_json = lumpsum("kit", "-", "--format", "json", stdin=stdin)
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["errors"]


def test_cli_kit_schema() -> None:
    done = lumpsum("schema", "kit")
    schema = json.loads(done.stdout)
    assert set(schema["properties"]) == {"claim", "details"}
    details_schema = schema["properties"]["details"]["anyOf"][0]
    assert {"name", "address", "bank", "basic_pension_number", "history", "moving_out_date",
            "posting_date", "permanent_resident_since", "date_of_birth",
            "nationality"} <= set(details_schema["properties"])


def test_country_names_follow_the_sites_list() -> None:
    from pathlib import Path

    from calc.kit.countries import english_names

    site = json.loads((Path(__file__).resolve().parents[2] / "tools" / "countries.json")
                      .read_text(encoding="utf-8"))
    assert english_names() == dict(site["countries"]["en"])

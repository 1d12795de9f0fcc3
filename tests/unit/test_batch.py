"""Batch mode with corrupt files: every bad row is reported, every good row still computed."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import batch, cli, estimate

HEADER = "id,nationality,left_japan_on,claim_date,epi_from,epi_to,monthly_salary"


def good(row_id: str, salary: int = 200000) -> str:
    return f"{row_id},VN,2026-03-31,2026-11-24,2023-04,2026-03,{salary}"


EXPECTED = estimate({"nationality": "VN", "left_japan_on": "2026-03-31",
                     "claim_date": "2026-11-24",
                     "employees_pension": [{"from": "2023-04", "to": "2026-03",
                                            "monthly_salary": 200000}]})


def run_batch(tmp_path: Path, data: bytes, name: str = "in.csv") -> tuple[int, list[dict[str, Any]],
                                                                          list[dict[str, str]]]:
    """Run ``lumpsum batch`` in-process; return the status, JSON Lines and CSV outputs."""
    source = tmp_path / name
    source.write_bytes(data)
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    status = cli.main(["batch", str(source), "-o", str(jsonl)])
    assert cli.main(["batch", str(source), "-o", str(table)]) == status
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    with table.open(encoding="utf-8", newline="") as handle:
        summary = list(csv.DictReader(handle))
    assert [r["id"] for r in summary] == [r["id"] for r in rows]
    return status, rows, summary


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def assert_good(row: dict[str, Any]) -> None:
    assert row["ok"] is True, row.get("errors")
    assert row["estimate"]["total_received"] == EXPECTED.total_received


def messages(row: dict[str, Any]) -> str:
    assert row["ok"] is False
    return " ".join(error["message"] for error in row["errors"])


@pytest.mark.parametrize(
    ("data", "bad"),
    [
        pytest.param(b"\xef\xbb\xbf" + f"{HEADER}\n{good('w1')}\n{good('w2')}\n".encode(), {},
                     id="utf8-bom"),
        pytest.param(f"{HEADER}\r\n{good('w1')}\r\n{good('w2')}".encode(), {}, id="crlf-no-final"),
        pytest.param(f"\n\n{HEADER}\n\n{good('w1')}\n,,,,,,\n   \n{good('w2')}\n\n".encode(), {},
                     id="empty-lines-and-empty-cells"),
        pytest.param(f"{HEADER}\n{good('w1')}\n{good('w2')}\n".encode("utf-16"), {},
                     id="utf16-with-bom"),
        pytest.param(f'{HEADER}\n{good("w1")}\nw3,"VN,2026-03-31,2026-11-24,2023-04,2026-03,1\n'
                     f'{good("w2")}\n'.encode(), {"row 3": "quotation mark"},
                     id="quote-left-open"),
        pytest.param(f"{HEADER}\n{good('w1')}\nw3,{'x' * 1_000_000},2026-03-31\n{good('w2')}\n"
                     .encode(), {"row 3": "far too long"}, id="line-of-a-million-characters"),
        pytest.param(f'{HEADER}\n{good("w1")}\nw3,"{"x" * 200_000}"\n{good("w2")}\n'.encode(),
                     {"row 3": "far too long"}, id="quoted-cell-over-128k"),
        pytest.param(f"{HEADER}\n{good('w1')}\n{good('w3')},1,2,3\n{good('w2')}\n".encode(),
                     {"w3": "more cells"}, id="more-cells"),
        pytest.param(f"{HEADER}\n{good('w1')}\nw3,V\x00N,2026-03-31,2026-11-24,2023-04,2026-03,1"
                     f"\n{good('w2')}\n".encode(), {"w3": "nationality"}, id="nul-byte"),
        pytest.param(f"{HEADER}\n{good('w1')}\nw3,VN,2026-03-31,2026-11-24,2023-04,2026-03,"
                     f"{'9' * 5000}\n{good('w2')}\n".encode(), {"w3": "at most"},
                     id="number-of-5000-digits"),
        pytest.param(f"{HEADER}\n{good('w1')}\n".encode() + b"w3,V\xff\xfeN,2026-03-31\n"
                     + f"{good('w2')}\n".encode(), {"w3": "nationality"},
                     id="invalid-utf8-bytes-in-a-row"),
        pytest.param(f"{HEADER}\n{good('w1')}\n".encode() + b"w3,VN,2026-03-31\rstray\n"
                     + f"{good('w2')}\n".encode(), {"stray": "required"},
                     id="lone-carriage-return"),
    ],
)
def test_corrupt_csv_reports_bad_rows_and_computes_the_rest(
    tmp_path: Path, data: bytes, bad: dict[str, str]
) -> None:
    status, rows, summary = run_batch(tmp_path, data)
    assert status == 0
    found = by_id(rows)
    assert "w1" in found and "w2" in found, list(found)
    assert_good(found["w1"])
    assert_good(found["w2"])
    for row_id, text in bad.items():
        assert text in messages(found[row_id]), found[row_id]
    assert {r["id"] for r in rows if not r["ok"]} == set(bad)
    assert all(r["ok"] == "True" or r["errors"] for r in summary)


def test_missing_cells_are_empty_answers(tmp_path: Path) -> None:
    data = f"{HEADER}\n{good('w1')}\nw3,VN,2026-03-31\n{good('w2')}\n".encode()
    _, rows, _ = run_batch(tmp_path, data)
    found = by_id(rows)
    assert_good(found["w1"])
    assert_good(found["w2"])
    assert found["w3"]["ok"] and not found["w3"]["estimate"]["eligible"]  # no periods given


def test_latin1_file_is_read_and_its_rows_computed(tmp_path: Path) -> None:
    """Latin-1 is neither UTF-8 nor Shift_JIS: letters it cannot read become U+FFFD, in the
    row's id here, so the row is still computed and the person can still be recognised."""
    data = f"{HEADER}\n{good('w1')}\n{good('José')}\n".encode("latin-1")
    _, rows, _ = run_batch(tmp_path, data)
    assert [r["id"] for r in rows] == ["w1", "Jos\ufffd"]
    for row in rows:
        assert_good(row)


def test_random_bytes_are_reported_row_by_row(tmp_path: Path) -> None:
    noise = random.Random(7).randbytes(20_000)
    status, rows, _ = run_batch(tmp_path, noise)
    assert status == 0 and rows
    assert not any(row["ok"] for row in rows)


def test_random_bytes_between_good_rows(tmp_path: Path) -> None:
    noise = random.Random(3).randbytes(2_000).replace(b'"', b"")
    data = f"{HEADER}\n{good('w1')}\n".encode() + noise + f"\n{good('w2')}\n".encode()
    _, rows, _ = run_batch(tmp_path, data)
    found = by_id(rows)
    assert_good(found["w1"])
    assert_good(found["w2"])
    assert all(not row["ok"] for key, row in found.items() if key not in ("w1", "w2"))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty-file"),
        pytest.param(f"{HEADER}\n".encode(), id="header-only"),
        pytest.param(b"\n\n\n", id="blank-lines-only"),
    ],
)
def test_nothing_to_compute(tmp_path: Path, data: bytes) -> None:
    status, rows, _ = run_batch(tmp_path, data)
    assert status == 0 and rows == []


def test_wrong_columns_are_named_on_every_row(tmp_path: Path) -> None:
    _, rows, _ = run_batch(tmp_path, b"name;country;salary\nA;VN;1\nB;ID;2\n")
    assert len(rows) == 2
    for row in rows:
        assert "Unknown column(s): name;country;salary" in messages(row)


def test_claim_column_with_broken_json(tmp_path: Path) -> None:
    claim = json.dumps({"nationality": "VN", "left_japan_on": "2026-03-31",
                        "claim_date": "2026-11-24",
                        "employees_pension": [{"from": "2023-04", "to": "2026-03",
                                               "monthly_salary": 200000}]})
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerows([["id", "claim"], ["w1", claim], ["w3", "[" * 100_000],
                      ["w4", '{"nationality": ' + "9" * 5000 + "}"], ["w5", claim[:40]],
                      ["w2", claim]])
    _, rows, _ = run_batch(tmp_path, table.getvalue().encode())
    found = by_id(rows)
    assert_good(found["w1"])
    assert_good(found["w2"])
    assert "not valid JSON" in messages(found["w3"])
    assert "nationality" in json.dumps(found["w4"]["errors"])
    assert "not valid JSON" in messages(found["w5"])


def test_jsonl_with_hostile_lines(tmp_path: Path) -> None:
    claim = {"nationality": "VN", "left_japan_on": "2026-03-31", "claim_date": "2026-11-24",
             "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": 200000}]}
    lines = [json.dumps({"id": "w1", **claim}), "[" * 100_000,
             '{"other_retirement_income_same_year": ' + "9" * 5000 + "}", "\x00\x01", "",
             '{"id": "w3", "nationality": "\\ud800"}', "NaN", "[1, 2]",
             json.dumps({"id": "w2", **claim})]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    status, rows, _ = run_batch(tmp_path, data, name="in.jsonl")
    assert status == 0
    found = by_id(rows)
    assert_good(found["w1"])
    assert_good(found["w2"])
    assert "not valid JSON" in messages(found["line 2"])
    assert "at most" in messages(found["line 3"])
    assert len(rows) == 8 and sum(row["ok"] for row in rows) == 2


@given(st.lists(st.text(alphabet=st.sampled_from(list(',"\r\n x9-\x00\ufeffé💰')),
                        max_size=40), max_size=6))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_csv_text_between_good_rows(noise: list[str]) -> None:
    """Whatever sits between good rows, they are still computed (unless a quote opened in the
    noise swallows them legitimately, as CSV says); nothing raises."""
    text = "\n".join([HEADER, good("w1"), *noise, good("w2"), ""])
    rows = list(batch.run(text, "csv", explain=False))
    assert all(outcome["ok"] in (True, False) for _, outcome in rows)
    ids = [row_id for row_id, _ in rows]
    assert ids[0] == "w1"
    if '"' not in "".join(noise):
        assert "w2" in ids

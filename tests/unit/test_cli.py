"""The installed ``lumpsum`` command and ``python -m calc``, run as a user would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calc import estimate
from tests.unit.conftest import epi, make_claim

LUMPSUM = shutil.which("lumpsum") or str(Path(sys.executable).with_name("lumpsum"))
CLAIM = make_claim(national_pension=[{"from": "2019-04", "to": "2021-03", "status": "paid"}],
                   employees_pension=[epi("2021-04", "2026-03", 300000)],
                   bonuses=[{"month": "2021-12", "amount": 500000}])


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LUMPSUM, *args], input=stdin, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture
def claim_file(tmp_path: Path) -> Path:
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(CLAIM), encoding="utf-8")
    return path


def test_estimate_text(claim_file: Path) -> None:
    expected = estimate(CLAIM)
    done = run("estimate", str(claim_file))
    assert done.returncode == 0, done.stderr
    assert f"{expected.national_pension.amount:,} yen" in done.stdout
    assert f"{expected.employees_pension.amount:,} yen" in done.stdout
    assert "How it was calculated" in done.stdout
    assert expected.steps[0].label in done.stdout


def test_estimate_json_from_stdin() -> None:
    done = run("estimate", "-", "--format", "json", stdin=json.dumps(CLAIM))
    assert done.returncode == 0
    assert json.loads(done.stdout) == estimate(CLAIM).model_dump(mode="json", by_alias=True)


def test_bad_claim_gives_messages_not_traceback() -> None:
    done = run("estimate", "-", stdin='{"nationality": "JP", "employees_pension": '
               '[{"from": "2024-05", "to": "2024-01", "monthly_salary": 1}]}')
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "nationality: Japanese nationals" in done.stderr
    done = run("estimate", "-", stdin="not json")
    assert done.returncode == 2 and "not valid JSON" in done.stderr


def test_missing_file() -> None:
    done = run("estimate", "/nonexistent/claim.json")
    assert done.returncode == 2 and "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_schema() -> None:
    done = run("schema")
    schema = json.loads(done.stdout)
    assert "national_pension" in schema["properties"]
    assert "from" in schema["$defs"]["NationalPensionPeriod"]["properties"]


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "calc", "schema"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and json.loads(done.stdout)["title"] == "Claim"


def test_batch_csv_bad_rows_do_not_stop_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "workers.csv"
    source.write_text(
        "id,nationality,left_japan_on,claim_date,epi_from,epi_to,monthly_salary\n"
        "w1,VN,2026-03-31,2026-11-24,2023-04,2026-03,200000\n"
        "\n"
        "w2,JP,2026-03-31,2026-11-24,2023-04,2026-03,200000\n"
        "w3,ID,2026-03-31,2026-11-24,2023-04,2026-03,abc\n"
        "w4,PH,2026-03-31,2026-11-24,2024-04,2026-03,300000,extra\n"
        "w5,PH,2026-03-31,2026-11-24,2024-04,2026-03,300000\n",
        encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run("batch", str(source), "-o", str(out))
    assert done.returncode == 0
    import csv
    rows = {row["id"]: row for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert list(rows) == ["w1", "w2", "w3", "w4", "w5"]
    w1 = estimate(make_claim(employees_pension=[{"from": "2023-04", "to": "2026-03",
                                                 "monthly_salary": 200000}]))
    assert rows["w1"]["employees_pension_amount"] == str(w1.employees_pension.amount)
    assert rows["w1"]["ok"] == "True"
    assert "Japanese nationals" in rows["w2"]["errors"]
    assert "whole number" in rows["w3"]["errors"]
    assert "more cells" in rows["w4"]["errors"]
    assert rows["w5"]["ok"] == "True"
    assert "3 row(s) had errors" in done.stderr


def test_batch_jsonl_and_shift_jis_csv(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", **CLAIM}), "{broken", json.dumps({"id": "b"})]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    results = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert done.returncode == 0 and [r["id"] for r in results] == ["a", "line 2", "b"]
    assert results[0]["estimate"]["total_received"] == estimate(CLAIM).total_received
    assert results[1]["ok"] is False and results[2]["ok"] is False

    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes("id,nationality,epi_from,epi_to,standard_monthly_remuneration,"
                     "left_japan_on,claim_date\n山田,VN,2023-04,2026-03,200000,2026-03-31,"
                     "2026-11-24\n".encode("cp932"))
    done = run("batch", str(sjis), "--output-format", "jsonl")
    assert json.loads(done.stdout.splitlines()[0])["id"] == "山田"


def test_batch_unknown_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,natoinality\n1,VN\n", encoding="utf-8")
    done = run("batch", str(source))
    assert "Unknown column(s): natoinality" in done.stdout

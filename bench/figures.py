"""The benchmark's figures: transfer sizes (as sent, gzip -9, brotli q11), medians and p95 of
the timings, the engine's throughput on generated claims, and the headline figures the targets
are about."""

from __future__ import annotations

import gzip
import hashlib
import json
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

from serve import CACHE, disk_path


class Sizes:
    """gzip -9 and brotli q11 sizes of files, cached by content hash in build/."""

    def __init__(self) -> None:
        self.cache: dict[str, list[int]] = {}
        if CACHE.exists():
            self.cache = json.loads(CACHE.read_text())

    def of(self, path: Path) -> tuple[int, int, int]:
        import brotli  # requirements/bench.txt

        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        if key not in self.cache:
            self.cache[key] = [len(gzip.compress(data, 9, mtime=0)),
                               len(brotli.compress(data, quality=11))]
        gz, br = self.cache[key]
        return len(data), gz, br

    def save(self) -> None:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(self.cache))


def transfer(requests: list[dict[str, Any]], sizes: Sizes) -> dict[str, Any]:
    files: dict[str, dict[str, int]] = {}
    for request in requests:
        entry = files.setdefault(
            request["path"], {"requests": 0, "sent": 0, "raw": 0, "gzip": 0, "brotli": 0})
        entry["requests"] += 1
        entry["sent"] += request["bytes"]
    for path, entry in files.items():
        found = disk_path(path)
        if found and entry["sent"]:
            entry["raw"], entry["gzip"], entry["brotli"] = sizes.of(found)
    keys = ("requests", "sent", "raw", "gzip", "brotli")
    total = {key: sum(f[key] for f in files.values()) for key in keys}
    return {"total": total, "files": dict(sorted(files.items(), key=lambda kv: -kv[1]["sent"]))}


# --- statistics ---------------------------------------------------------------------------------
def summary(values: list[float]) -> dict[str, float] | None:
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    p95 = values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "p95": p95,
            "n": len(values)}


def generate_claims(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    nations = ["VN", "CN", "PH", "NP", "ID", "US", "BR", "MM", "LK", "IN"]
    statuses = ["paid", "paid", "half_exempt", "student_deferral", "exempt", "unpaid"]
    claims = []
    for i in range(count):
        year = rng.randint(2012, 2024)
        start = f"{year}-{rng.randint(1, 12):02d}"
        months = rng.randint(6, 120)
        end_index = year * 12 + int(start[5:]) - 1 + months - 1
        end_index = min(end_index, 2026 * 12 + 2)
        end = f"{end_index // 12}-{end_index % 12 + 1:02d}"
        left = f"{end_index // 12}-{end_index % 12 + 1:02d}-28"
        claim: dict[str, Any] = {
            "claim_date": "2026-11-24", "nationality": rng.choice(nations), "left_japan_on": left,
            "employees_pension": [
                {"from": start, "to": end, "monthly_salary": rng.randrange(150_000, 650_000, 1000)}
                if rng.random() < 0.6 else
                {"from": start, "to": end, "standard_monthly_remuneration": rng.choice(
                    [98000, 150000, 200000, 240000, 300000, 410000, 500000, 650000])}
            ],
        }
        if rng.random() < 0.3:
            np_year = year - rng.randint(1, 3)
            claim["national_pension"] = [
                {"from": f"{np_year}-04", "to": f"{year - 1}-12", "status": rng.choice(statuses)}]
        if rng.random() < 0.3 and year >= 2004:
            amount = rng.randrange(100_000, 900_000, 1000)
            claim["bonuses"] = [{"month": f"{year}-12", "amount": amount}]
        if i % 50 == 0:
            claim["what_if_96_month_cap"] = True
        claims.append(claim)
    return claims


def batch_throughput(count: int = 10_000, repeats: int = 3) -> dict[str, Any]:
    """Claims per second, best of ``repeats`` on one core, for the three ways claims are run:
    ``batch`` is `lumpsum batch` (JSON Lines in, CSV out, no steps: calc.batch end to end),
    ``figures`` calc.estimate(explain=False) alone, ``steps`` calc.estimate with its steps."""
    import io

    import calc
    from calc import batch

    claims = generate_claims(count)
    lines = "\n".join(json.dumps(claim) for claim in claims)

    def estimates(explain: bool) -> int:
        invalid = 0
        for claim in claims:
            try:
                calc.estimate(claim, explain=explain)
            except calc.InvalidClaim:
                invalid += 1
        return invalid

    def whole_batch() -> int:
        batch.write_csv(batch.run(lines, "jsonl", explain=False), io.StringIO())
        return 0

    runs = {"batch": whole_batch, "figures": lambda: estimates(False),
            "steps": lambda: estimates(True)}
    estimates(False)  # warm-up: parameter loading, pydantic schema build
    result: dict[str, Any] = {"claims": count, "invalid": estimates(False),
                              "python": platform.python_version()}
    for name, work in runs.items():
        rates = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            work()
            rates.append(count / (time.perf_counter() - t0))
        result[name] = {"per_second": max(rates), "runs": [round(r) for r in rates]}
    result["per_second"] = result["batch"]["per_second"]
    return result


def headline(result: dict[str, Any], variant: str = "calculator") -> dict[str, float | None]:
    """The figures the targets are about (medians, ms / bytes / claims per second)."""
    def med(name: str, kind: str, key: str) -> float | None:
        entry = result["variants"].get(name, {}).get(kind, {}).get(key)
        return entry["median"] if entry else None

    if variant not in result["variants"]:
        return {}
    cold, floor_cold = med(variant, "cold", "calc:ready"), med("floor", "cold", "calc:ready")
    warm, floor_warm = med(variant, "warm", "calc:ready"), med("floor", "warm", "calc:ready")
    total = result.get("bytes_cold", {}).get(variant, {}).get("total", {})
    main = variant == "calculator"
    if "inputs" in result:
        measured = result["inputs"].get(variant, {})
    else:  # a result file from before per-variant inputs
        measured = result["input"] if main else {}
    input_dom, input_painted = measured.get("dom"), measured.get("painted")
    return {
        "cold_ready_ms": cold, "warm_ready_ms": warm,
        "floor_cold_ms": floor_cold, "floor_warm_ms": floor_warm,
        "cold_ratio": cold / floor_cold if cold and floor_cold else None,
        "warm_ratio": warm / floor_warm if warm and floor_warm else None,
        "fcp_cold_ms": med(variant, "cold", "first-contentful-paint"),
        "form_ready_cold_ms": med(variant, "cold", "calc:form-ready"),
        "input_dom_median_ms": input_dom and input_dom["median"],
        "input_dom_p95_ms": input_dom and input_dom["p95"],
        "input_painted_median_ms": input_painted and input_painted["median"],
        "input_painted_p95_ms": input_painted and input_painted["p95"],
        "cold_requests": total.get("requests"), "cold_raw_bytes": total.get("raw"),
        "cold_gzip_bytes": total.get("gzip"), "cold_brotli_bytes": total.get("brotli"),
        "batch_per_s": result.get("batch", {}).get("per_second") if main else None,
        "figures_per_s": result.get("batch", {}).get("figures", {}).get("per_second")
        if main else None,
        "steps_per_s": result.get("batch", {}).get("steps", {}).get("per_second")
        if main else None,
    }



"""The benchmark's table: the headline figures of this run beside the "before" build (or the
saved baseline), PyScript's own boot, the fast start without snapshot, and the claim kit's
page, then the cold-load files by size."""

from __future__ import annotations

from typing import Any

from figures import headline

ROWS = [
    ("cold_ready_ms", "cold: navigation → ready (ms)", "{:.0f}"),
    ("floor_cold_ms", "  floor, bare Pyodide core (ms)", "{:.0f}"),
    ("cold_ratio", "  ratio ours / floor (≤ 1.25)", "{:.2f}"),
    ("warm_ready_ms", "warm: 2nd visit → ready (ms, ≤ 1000)", "{:.0f}"),
    ("floor_warm_ms", "  floor, bare Pyodide core (ms)", "{:.0f}"),
    ("warm_ratio", "  ratio ours / floor", "{:.2f}"),
    ("fcp_cold_ms", "cold: first contentful paint (ms)", "{:.0f}"),
    ("form_ready_cold_ms", "cold: form takes input (ms)", "{:.0f}"),
    ("input_dom_median_ms", "input → result in DOM, median (ms)", "{:.1f}"),
    ("input_dom_p95_ms", "input → result in DOM, p95 (ms, ≤ 16)", "{:.1f}"),
    ("input_painted_median_ms", "input → next frame painted, median", "{:.1f}"),
    ("input_painted_p95_ms", "input → next frame painted, p95", "{:.1f}"),
    ("cold_requests", "cold: requests", "{:.0f}"),
    ("cold_raw_bytes", "cold: bytes, uncompressed (MB)", "mb"),
    ("cold_gzip_bytes", "cold: bytes, gzip host (MB)", "mb"),
    ("cold_brotli_bytes", "cold: bytes, brotli host (MB, ≤ 7.5)", "mb"),
    ("batch_per_s", "batch: claims/s, CPython (≥ 10,000)", "{:,.0f}"),
    ("figures_per_s", "  calc.estimate, figures only", "{:,.0f}"),
    ("steps_per_s", "  calc.estimate with steps", "{:,.0f}"),
]


def fmt(value: float | None, style: str) -> str:
    if value is None:
        return "–"
    if style == "mb":
        return f"{value / 1e6:.2f}"
    return style.format(value)


def report(result: dict[str, Any], baseline: dict[str, Any] | None) -> str:
    if "before" in result["variants"]:
        columns = [("before", headline(result, "before"))]
    else:
        columns = [("before", headline(baseline) if baseline else {})]
    if "pyscript" in result["variants"]:
        columns.append(("pyscript", headline(result, "pyscript")))
    if "fast" in result["variants"]:
        columns.append(("fast", headline(result, "fast")))
    columns.append(("after", headline(result)))
    if "kit" in result["variants"]:  # the claim kit's page, measured as the calculator is
        columns.append(("kit", headline(result, "kit")))
    lines = [f"{'metric':42s}" + "".join(f" {name:>10s}" for name, _ in columns)]
    for key, label, style in ROWS:
        cells = "".join(f" {fmt(values.get(key), style):>10s}" for _, values in columns)
        lines.append(f"{label:42s}{cells}")
    lines.append("before: the --before-site build in this run, else bench/baseline.json (the page "
                 "before this work);\npyscript, fast: this "
                 "run, PyScript's own\nPyodide boot and calc_boot.mjs without snapshot; after: "
                 "this run, the page as built; kit: this run, the claim kit's page (input: its "
                 "account number)")
    for name, variant in result["variants"].items():
        if name in ("calculator", "floor", "pyscript", "fast", "before", "kit"):
            continue
        cold, warm = variant["cold"].get("calc:ready"), variant["warm"].get("calc:ready")
        floor = result["variants"].get("floor", {}).get("cold", {}).get("calc:ready")
        ratio = cold["median"] / floor["median"] if cold and floor else None
        page = "page" if name == "kit" else "variant"
        lines.append(f"{page} {name:34s} cold {fmt(cold and cold['median'], '{:.0f}'):>6s}"
                     f"  warm {fmt(warm and warm['median'], '{:.0f}'):>6s}"
                     f"  cold ÷ floor {fmt(ratio, '{:.2f}'):>5s}")
    files = result.get("bytes_cold", {}).get("calculator", {}).get("files", {})
    lines.append("")
    lines.append(f"{'cold-load file (calculator)':60s} {'sent':>10s} {'gzip':>10s} {'brotli':>10s}")
    for path, entry in files.items():
        if entry["sent"] >= 10_000:
            lines.append(f"{path[-60:]:60s} {entry['sent']:>10,d} {entry['gzip']:>10,d}"
                         f" {entry['brotli']:>10,d}")
    small = [e for e in files.values() if e["sent"] < 10_000]
    lines.append(f"{f'{len(small)} files under 10 kB':60s} {sum(e['sent'] for e in small):>10,d} "
                 f"{sum(e['gzip'] for e in small):>10,d} {sum(e['brotli'] for e in small):>10,d}")
    if result.get("errors"):
        lines.append(f"\n{len(result['errors'])} console/page errors, first: {result['errors'][0]}")
    return "\n".join(lines)



"""``lumpsum`` command: estimate one claim, check a claim kit, run a batch, print the JSON
Schema, or tell the versions and what changes next (``about``).

Every bad input ends in a message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from calc import batch, i18n
from calc.api import calendar_for, claim_schema, kit_for, kit_schema, result_for
from calc.models import Estimate
from calc.report import render
from calc.versions import versions

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 2, 2


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM ("Unicode text"), else Shift_JIS as
    saved by Japanese spreadsheet software; what is none of these is read as UTF-8 with the
    bad bytes replaced (U+FFFD), so the rows they spoil are reported and the others computed."""
    encodings = ("utf-16", "utf-8-sig", "cp932") if data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ("utf-8-sig", "cp932")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _read(name: str) -> str:
    if name == "-":
        return decode(sys.stdin.buffer.read())
    return decode(Path(name).read_bytes())


def _estimate(args: argparse.Namespace, out: TextIO) -> int:
    outcome = result_for(_read(args.file), args.lang)
    if args.format == "json":
        payload = outcome["estimate"] if outcome["ok"] else {"errors": outcome["errors"]}
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif outcome["ok"]:
        out.write(render(Estimate.model_validate(outcome["estimate"]),
                         steps=not args.no_steps, lang=args.lang) + "\n")
    else:
        sys.stderr.write(i18n.text("cli.problems", args.lang) + "\n")
        for error in outcome["errors"]:
            sys.stderr.write(f"  {error['field'] or 'claim'}: {error['message']}\n")
    return EXIT_OK if outcome["ok"] else EXIT_INVALID


def _kit(args: argparse.Namespace, out: TextIO) -> int:
    text = _read(args.file)
    outcome = calendar_for(text, args.lang) if args.format == "ics" else kit_for(text, args.lang)
    if not outcome["ok"]:
        if args.format == "json":
            out.write(json.dumps({"errors": outcome["errors"]}, ensure_ascii=False, indent=2)
                      + "\n")
        else:
            sys.stderr.write(i18n.text("cli.problems", args.lang) + "\n")
            for error in outcome["errors"]:
                sys.stderr.write(f"  {error['field'] or 'request'}: {error['message']}\n")
        return EXIT_INVALID
    if args.format == "ics":
        # as bytes where there is a byte stream: text mode would change the calendar's CRLF
        # line ends on some platforms
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            out.write(outcome["calendar"])
        else:
            out.flush()
            buffer.write(outcome["calendar"].encode())
    elif args.format == "json":
        out.write(json.dumps(outcome["kit"], ensure_ascii=False, indent=2) + "\n")
    else:
        from calc.kit import Kit
        from calc.kit.report import render_kit

        out.write(render_kit(Kit.model_validate(outcome["kit"]), lang=args.lang) + "\n")
    return EXIT_OK


def _about(args: argparse.Namespace, out: TextIO) -> int:
    """The versions, the data's age, the languages and what changes next."""
    from calc.changes import upcoming
    from calc.parameters import load_parameters

    today = date.fromisoformat(args.today) if args.today else date.today()
    changes = upcoming(today=today, lang=args.lang)
    found = versions()
    latest_fy = load_parameters().latest_premium_fiscal_year()
    if args.format == "json":
        out.write(json.dumps({
            "versions": found.model_dump(mode="json"),
            "latest_premium_fiscal_year": latest_fy,
            "languages": i18n.available_languages(),
            "changes": [change.model_dump(mode="json") for change in changes],
        }, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK

    def text(key: str, **values: object) -> str:
        return i18n.text(key, args.lang, **values)

    lines = [text("cli.about_version", calculator=found.calculator, data=found.data),
             text("cli.about_verified", date=found.data_last_verified,
                  fiscal_year=latest_fy),
             text("cli.about_languages", languages=", ".join(i18n.available_languages())),
             "", text("cli.about_changes") if changes else text("cli.about_no_changes")]
    for change in changes:
        lines.append(f"- {change.when}: {change.title} — {change.what} ({change.status_text})")
        lines.append(f"  {change.source}")
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _format_of(name: str, given: str | None) -> str:
    if given:
        return given
    return "jsonl" if name.endswith((".jsonl", ".ndjson", ".json")) else "csv"


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    in_format = _format_of(args.input, args.input_format)
    out_format = _format_of(args.output, args.output_format) if args.output != "-" else \
        (args.output_format or in_format)
    results = batch.run(_read(args.input), in_format, args.lang,
                        explain=out_format != "csv")  # a CSV row has no room for the steps
    writer = batch.write_csv if out_format == "csv" else batch.write_jsonl
    if args.output == "-":
        failures = writer(results, out)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            failures = writer(results, handle)
    if failures:
        sys.stderr.write(i18n.text("cli.rows_failed", args.lang, count=failures) + "\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lumpsum",
        description="Estimate Japan's pension Lump-sum Withdrawal Payment (脱退一時金).",
    )
    parser.add_argument("--lang", default=os.environ.get("LUMPSUM_LANG", "en"),
                        type=i18n.normalize_language,
                        help=f"language of the texts: {', '.join(i18n.available_languages())}")
    parser.add_argument("--version", action="version",
                        version=f"lumpsum {versions().calculator} (data {versions().data})")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("estimate", help="estimate one claim given as JSON")
    one.add_argument("file", help="claim JSON file, or - for standard input")
    one.add_argument("--format", choices=("text", "json"), default="text")
    one.add_argument("--no-steps", action="store_true", help="leave out the calculation steps")
    schema = sub.add_parser("schema", help="print the JSON Schema of a claim or a kit request")
    schema.add_argument("of", nargs="?", choices=("claim", "kit"), default="claim")
    kit = sub.add_parser("kit", help="check the claim form and plan the claim (claim kit)")
    kit.add_argument("file", help='JSON {"claim": …, "details": …}, or - for standard input')
    kit.add_argument("--format", choices=("text", "json", "ics"), default="text",
                     help="text (default), json (the whole result) or ics (the plan as a "
                     "calendar)")
    about = sub.add_parser("about", help="versions, languages and what changes next in the "
                           "rules")
    about.add_argument("--format", choices=("text", "json"), default="text")
    about.add_argument("--today", help="list the changes after this date (YYYY-MM-DD; default: "
                       "today)")
    many = sub.add_parser("batch", help="estimate many claims from CSV or JSON Lines")
    many.add_argument("input", help="IN.csv or IN.jsonl, or - for standard input")
    many.add_argument("-o", "--output", default="-", help="OUT.csv or OUT.jsonl (default: stdout)")
    many.add_argument("--input-format", choices=("csv", "jsonl"))
    many.add_argument("--output-format", choices=("csv", "jsonl"))
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command == "estimate":
            return _estimate(args, out)
        if args.command == "schema":
            schema = kit_schema() if args.of == "kit" else claim_schema()
            out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
            return EXIT_OK
        if args.command == "kit":
            return _kit(args, out)
        if args.command == "about":
            return _about(args, out)
        return _batch(args, out)
    except OSError as error:
        sys.stderr.write(f"lumpsum: cannot read or write {error.filename}: {error.strerror}\n")
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""The plan as an iCalendar file (RFC 5545): one all-day event per step.

Stable UIDs (the step and the person's moving-out day, hashed) let a calendar replace the events
when the file is imported again instead of doubling them. No personal detail goes in: only the
steps' titles, what to do, and their sources. Lines end in CRLF and are folded at 75 octets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

from calc.kit.models import PlanStep

PRODUCT = "-//lumpsum-calc//claim kit//EN"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets, never inside a character."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    pieces.append(current)
    return pieces


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


#: A window longer than this becomes two events, its first and its last day: a calendar
#: showing a five-year filing window as one event would cover five years of days.
LONGEST_EVENT_DAYS = 31


def _events(step: PlanStep, opens: str, closes: str) -> list[tuple[str, date, date, str]]:
    """(uid suffix, first day, last day, summary) of the events a step becomes."""
    first = step.date or step.from_ or step.until
    if first is None:
        return []
    last = step.date or step.until or first
    if (last - first).days < LONGEST_EVENT_DAYS:
        return [("", first, last, step.title)]
    return [("opens", first, first, opens.format(title=step.title)),
            ("closes", last, last, closes.format(title=step.title))]


def ics(steps: Iterable[PlanStep], *, seed: str, stamp: date, opens: str = "{title}: opens",
        closes: str = "{title}: last day") -> str:
    """The calendar text. ``seed`` makes the UIDs one person's (their moving-out day);
    ``stamp`` is DTSTAMP's day (the claim date: the engine reads no clock); ``opens`` and
    ``closes`` name the two ends of a long window, in the person's language."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for step in steps:
        for suffix, first, last, summary in _events(step, opens, closes):
            uid = hashlib.sha256(f"{seed}|{step.code}|{suffix}".encode()).hexdigest()[:24]
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid}@lumpsum-calc",
                f"DTSTAMP:{_day(stamp)}T000000Z",
                f"DTSTART;VALUE=DATE:{_day(first)}",
                f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}",
                f"SUMMARY:{_escape(summary)}",
                f"DESCRIPTION:{_escape(step.action + chr(10) + chr(10) + step.reference)}",
                f"URL:{step.reference}" if step.reference.startswith("http") else "",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join("\r\n".join(_fold(line)) + "\r\n" for line in lines if line)

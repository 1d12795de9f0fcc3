"""Write tools/countries.json: every ISO 3166-1 country, named in each of the site's languages.

The file in the repository started from Debian's iso-codes and was then corrected by hand
(checked against Unicode CLDR): iso-codes' Burmese, Nepali and Vietnamese names are partly
English, garbled or archaic. So this script only ADDS what is missing — a new language, or a
new country — and never changes a name already there:
    python tools/make_countries.py  (needs Debian's iso-codes: apt-get install iso-codes)
    python tools/make_countries.py --cldr  (ko, pt, es, th, km, ru, mn from CLDR, with Babel)
"""

from __future__ import annotations

import gettext
import json
import locale
from pathlib import Path

ISO = Path("/usr/share/iso-codes/json/iso_3166-1.json")
OUT = Path(__file__).with_name("countries.json")
LANGUAGES = {"en": None, "ja": "ja", "vi": "vi", "id": "id", "tl": "fil", "my": "my",
             "ne": "ne", "zh": "zh_CN"}
#: Languages whose names come from Unicode CLDR (through Babel) instead: iso-codes' lists for
#: them are incomplete (Mongolian gives "Vietnam" in English). ``--cldr`` rewrites them.
CLDR = {"ko": "ko", "pt": "pt_BR", "es": "es_419", "th": "th", "km": "km", "ru": "ru",
        "mn": "mn"}


def main() -> None:
    entries = json.loads(ISO.read_text(encoding="utf-8"))["3166-1"]
    english = {e["alpha_2"]: e.get("common_name", e["name"]) for e in entries}
    names = {}
    for lang, iso_locale in LANGUAGES.items():
        translate = (gettext.translation("iso_3166-1", localedir="/usr/share/locale",
                                         languages=[iso_locale]).gettext
                     if iso_locale else (lambda text: text))
        # Translations are keyed by the official English name, not the common one.
        table = {e["alpha_2"]: translate(e.get("common_name", e["name"])) for e in entries}
        for e in entries:
            if table[e["alpha_2"]] == e.get("common_name", e["name"]):
                table[e["alpha_2"]] = translate(e["name"]) if translate(e["name"]) != e["name"] \
                    else table[e["alpha_2"]]
        names[lang] = sorted(table.items(), key=lambda item: locale.strxfrm(item[1]))
    current = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    kept = current.get("countries", {})
    for lang, pairs in names.items():
        known = dict(kept.get(lang, []))
        known.update({code: name for code, name in pairs if code not in known})
        kept[lang] = sorted(known.items(), key=lambda item: locale.strxfrm(item[1]))
    OUT.write_text(json.dumps({
        "source": current.get("source", "Debian iso-codes (iso_3166-1.json and its translations)"),
        "countries": kept,
        "english": {**english, **current.get("english", {})},
    }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def cldr() -> None:
    """Write the CLDR languages' lists: every ISO 3166-1 code named as CLDR names it, sorted
    by name (code-point order: no collation library is needed for these scripts' lists)."""
    from babel import Locale

    current = json.loads(OUT.read_text(encoding="utf-8"))
    codes = [code for code, _ in current["countries"]["en"]]
    for lang, cldr_locale in CLDR.items():
        names = Locale.parse(cldr_locale).territories
        pairs = [(code, names.get(code, current["english"][code])) for code in codes]
        current["countries"][lang] = sorted(pairs, key=lambda item: item[1])
    current["source"] = current["source"].split("; ko, pt")[0] + \
        "; ko, pt, es, th, km, ru and mn names from Unicode CLDR (Babel)"
    OUT.write_text(json.dumps(current, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    cldr() if "--cldr" in sys.argv else main()

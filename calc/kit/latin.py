"""Items 4 and 5 of the claim form are written in Latin capitals (JPS FAQ 2021040103, point 1).

``to_form`` turns what a person typed into what goes in the boxes: full-width letters to plain
ones, diacritics removed (Nguyễn → NGUYEN, São Paulo → SAO PAULO), letters that Unicode does not
decompose spelled out (Đ → D, ß → SS, Ø → O), capitals, single spaces. What is still not a Latin
letter, a digit or basic punctuation afterwards (Thai, Cyrillic, kanji, emoji) is returned apart,
so the kit can say which characters cannot be written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Letters without a Unicode decomposition, spelled as passports and banks write them (ICAO 9303).
_SPELLED = str.maketrans({
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae",
    "Œ": "OE", "œ": "oe", "ß": "SS", "ẞ": "SS", "Ł": "L", "ł": "l", "Þ": "TH", "þ": "th",
    "ı": "i", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "ĸ": "K",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u3000": " ",
})

#: What the boxes may hold: Latin capitals, digits, spaces and common punctuation.
ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-/'()&#:+")

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Written:
    """A text as it goes on the form, and the characters that cannot go there."""

    text: str
    not_latin: str

    @property
    def ok(self) -> bool:
        return not self.not_latin


def to_form(typed: str) -> Written:
    """``typed`` in Latin capitals for the form, with the characters that are not Latin."""
    text = unicodedata.normalize("NFKC", typed).translate(_SPELLED)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    text = _SPACES.sub(" ", text).strip().upper()
    bad = "".join(dict.fromkeys(ch for ch in text if ch not in ALLOWED))
    return Written(text=text, not_latin=bad)


def words(text: str) -> list[str]:
    """The words of a name as written on the form (punctuation dropped): for comparing two
    spellings of one name."""
    return [w for w in re.split(r"[^A-Z0-9]+", to_form(text).text) if w]


_KATAKANA = re.compile(r"^[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f\s・ー　()（）]+$")


def is_katakana(text: str) -> bool:
    """Katakana (full or half width) with spaces and the middle dot, as Japanese banks hold a
    foreign holder's name."""
    return bool(_KATAKANA.match(text.strip()))

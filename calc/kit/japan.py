"""Signs that an address is in Japan: a Japanese address makes the claim unpayable (JPS FAQ
2021040103, point 2: 国内居住者であるという理由で脱退一時金を支給できません)."""

from __future__ import annotations

import re
import unicodedata

#: The 47 prefectures, in kanji and in the Latin spelling of Japan Post's addresses.
PREFECTURES = {
    "北海道": "HOKKAIDO", "青森県": "AOMORI", "岩手県": "IWATE", "宮城県": "MIYAGI",
    "秋田県": "AKITA", "山形県": "YAMAGATA", "福島県": "FUKUSHIMA", "茨城県": "IBARAKI",
    "栃木県": "TOCHIGI", "群馬県": "GUNMA", "埼玉県": "SAITAMA", "千葉県": "CHIBA",
    "東京都": "TOKYO", "神奈川県": "KANAGAWA", "新潟県": "NIIGATA", "富山県": "TOYAMA",
    "石川県": "ISHIKAWA", "福井県": "FUKUI", "山梨県": "YAMANASHI", "長野県": "NAGANO",
    "岐阜県": "GIFU", "静岡県": "SHIZUOKA", "愛知県": "AICHI", "三重県": "MIE",
    "滋賀県": "SHIGA", "京都府": "KYOTO", "大阪府": "OSAKA", "兵庫県": "HYOGO",
    "奈良県": "NARA", "和歌山県": "WAKAYAMA", "鳥取県": "TOTTORI", "島根県": "SHIMANE",
    "岡山県": "OKAYAMA", "広島県": "HIROSHIMA", "山口県": "YAMAGUCHI", "徳島県": "TOKUSHIMA",
    "香川県": "KAGAWA", "愛媛県": "EHIME", "高知県": "KOCHI", "福岡県": "FUKUOKA",
    "佐賀県": "SAGA", "長崎県": "NAGASAKI", "熊本県": "KUMAMOTO", "大分県": "OITA",
    "宮崎県": "MIYAZAKI", "鹿児島県": "KAGOSHIMA", "沖縄県": "OKINAWA",
}

#: Kanji names without 都/府/県 (東京, 京都, 愛知), as people also write them; 北海道 keeps its 道.
_KANJI = {(kanji[:-1] if kanji[-1] in "都府県" else kanji): kanji for kanji in PREFECTURES}
#: A Latin prefecture with its suffix (AICHI-KEN, TOKYO TO, OSAKA-FU), or one whose name no
#: other place on the forms' likely addresses shares.
_SUFFIXED = re.compile(r"\b(" + "|".join(PREFECTURES.values()) + r")[\s-]*(KEN|TO|FU|DO)\b")
_DISTINCT = {"TOKYO", "OSAKA", "KYOTO", "HOKKAIDO", "KANAGAWA", "SAITAMA", "CHIBA", "AICHI",
             "HYOGO", "FUKUOKA", "HIROSHIMA", "SHIZUOKA", "IBARAKI", "TOCHIGI", "GUNMA",
             "NIIGATA", "NAGANO", "GIFU", "OKAYAMA", "KUMAMOTO", "KAGOSHIMA", "OKINAWA",
             "MIYAGI", "FUKUSHIMA", "YAMANASHI", "WAKAYAMA", "TOKUSHIMA", "KAGAWA", "EHIME",
             "NAGASAKI", "MIYAZAKI", "YAMAGUCHI", "SHIMANE", "TOTTORI", "ISHIKAWA", "FUKUI",
             "TOYAMA", "AOMORI", "IWATE", "AKITA", "YAMAGATA", "SHIGA"}
_WORDS = re.compile(r"[A-Z]+")
_NAMES = re.compile(r"\b(JAPAN|NIPPON|NIHON)\b|日本")
#: 〒 and the shape of a Japanese postcode: 123-4567.
_POSTCODE = re.compile(r"〒|^\s*\d{3}\s*[-‐－ー]\s*\d{4}\s*$")


def prefecture_in(text: str) -> str | None:
    """The Japanese prefecture an address part names, if any (kanji or Latin)."""
    plain = unicodedata.normalize("NFKC", text)
    for short, kanji in _KANJI.items():
        if short in plain:
            return kanji
    upper = plain.upper()
    if match := _SUFFIXED.search(upper):
        return match[1].title()
    for word in _WORDS.findall(upper):
        if word in _DISTINCT:
            return word.title()
    return None


def names_japan(text: str) -> bool:
    return bool(_NAMES.search(unicodedata.normalize("NFKC", text).upper()))


def japanese_postcode(text: str) -> bool:
    return bool(_POSTCODE.search(unicodedata.normalize("NFKC", text)))

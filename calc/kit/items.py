"""The claim form's items and boxes, with the labels printed on it in Japanese.

One list serves the kit page's form (a field per entry, in the form's order, with its
Japanese label beside the translated one), the printed claim sheet and ``lumpsum kit``'s text.
The Japanese labels are those of JPS's FAQ 2021040103 and 2025-02-03 announcement (items 4 and
5) and of the earlier editions and an agency overlay of the 2025 form (the others); the printed
wording of the 2025 edition itself could not be retrieved, so small differences are possible.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """A numbered item of the form: its Japanese heading and translated title key."""

    number: int
    japanese: str
    key: str


@dataclass(frozen=True)
class Box:
    """One entry: its path in the kit's JSON, its item, its Japanese label, its key."""

    path: str
    item: int
    japanese: str
    key: str
    boxes: int = 0  # written in this many boxes on the form (0: a line)


ITEMS = [
    Item(1, "記入日", "kit.heading.item1"),
    Item(2, "請求者の署名", "kit.heading.item2"),
    Item(3, "日本国における永住許可の有無（許可日）", "kit.heading.item3"),
    Item(4, "請求者氏名、生年月日および離日後の住所", "kit.heading.item4"),
    Item(5, "脱退一時金受取口座", "kit.heading.item5"),
    Item(6, "基礎年金番号", "kit.heading.item6"),
    Item(7, "履歴（公的年金制度加入経過）", "kit.heading.item7"),
]

BOXES = [
    Box("permanent_resident_since", 3, "許可日", "kit.item.permanent_resident_since"),
    Box("name", 4, "氏名", "kit.item.name"),
    Box("date_of_birth", 4, "生年月日", "kit.item.date_of_birth", 8),
    Box("nationality", 4, "国籍", "kit.item.nationality"),
    Box("address.street", 4, "番地、通り、部屋番号、その他", "kit.item.street"),
    Box("address.city", 4, "都市", "kit.item.city"),
    Box("address.state", 4, "州/省", "kit.item.state"),
    Box("address.postcode", 4, "郵便番号", "kit.item.postcode"),
    Box("address.country", 4, "国", "kit.item.country"),
    Box("bank.swift", 5, "SWIFT(BIC)コード", "kit.item.swift", 11),
    Box("bank.name", 5, "銀行名", "kit.item.bank_name"),
    Box("bank.branch", 5, "支店名", "kit.item.branch"),
    Box("bank.branch_address", 5, "支店の所在地", "kit.item.branch_address"),
    Box("bank.branch_city", 5, "都市", "kit.item.branch_city"),
    Box("bank.branch_country", 5, "国", "kit.item.branch_country"),
    Box("bank.account", 5, "口座番号/IBANコード", "kit.item.account"),
    Box("bank.holder", 5, "請求者本人の口座名義", "kit.item.holder"),
    Box("bank.holder_katakana", 5, "口座名義（カタカナ）", "kit.item.holder_katakana"),
    Box("basic_pension_number", 6, "基礎年金番号", "kit.item.basic_pension_number", 10),
]

HISTORY_COLUMNS = [
    Box("employer", 7, "(1) 事業所の名称", "kit.item.employer"),
    Box("employer_address", 7, "(2) 事業所の所在地", "kit.item.employer_address"),
    Box("period", 7, "(3) 勤務期間", "kit.item.period"),
    Box("scheme", 7, "(4) 年金制度の種類", "kit.item.scheme"),
]

#: Column (4) of item 7, as printed: circle the number.
SCHEMES = {1: "国民年金", 2: "厚生年金保険", 3: "船員保険", 4: "共済組合"}

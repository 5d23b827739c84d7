"""Numbers as written in Chinese statistical prose → floats.

Handles Arabic digits (ASCII and full-width, thousands separators, decimals, a leading minus) and Chinese
numerals in any mix of 零〇一二两三四五六七八九十百千万亿 ("三千二百", "十二", "一万五", "二〇二五").
"""

from __future__ import annotations

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－−，", "0123456789.--,")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

# A written multiplier between the number and its unit ("1.8万家", "2400多亿元"); it becomes part of the unit.
MULTIPLIERS = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "千": 1e3,
}


def parse_arabic(text: str) -> float:
    """'1,234.5' / '１７８３' / '-4.3' → float."""
    if text.isascii() and text.replace(".", "", 1).isdigit():
        return float(text)  # the common case, plain digits: nothing to translate
    return float(text.translate(_FULLWIDTH).replace(",", "").replace(" ", ""))


def parse_chinese(text: str) -> float:
    """Chinese numerals → float. Digit strings without place units ('二〇二五') read digit by digit."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return float(CN_DIGITS[text])
        return float("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0.0  # finished 亿/万 sections
    section = 0.0  # current section below 万
    digit = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch in CN_BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = 1
            big = CN_BIG_UNITS[ch]
            # 一万亿: the 亿 multiplies everything already accumulated below it
            if big > 10_000 and total:
                total = (total + section) * big
            else:
                total += section * big
            section, digit = 0.0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    # "一万五" means 15000: a trailing bare digit after a big unit is one place below it
    if digit is not None and text[-2:-1] in ("万", "亿") and len(text) >= 2:
        return total + digit * CN_BIG_UNITS[text[-2]] / 10
    if digit is not None and text[-2:-1] in ("千", "百") and len(text) >= 2:
        return total + section + digit * CN_SMALL_UNITS[text[-2]] / 10
    return total + section + (digit or 0)


def parse_number(text: str) -> float:
    """Any numeral token from the scanner, Arabic or Chinese."""
    stripped = text.strip()
    if stripped and (stripped[0].isdigit() or stripped[0] in "０１２３４５６７８９-－−"):
        return parse_arabic(stripped)
    return parse_chinese(stripped)

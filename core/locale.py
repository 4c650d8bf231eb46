"""Numbers, money, percentages and dates as Vietnamese and English readers write them (CLDR via Babel). Pure module.

Every function takes the language ("vi" or "en") as an argument: no Flask, no request. Reading is
strict: Vietnamese groups thousands with a dot (or a space) and marks decimals with a comma, English
the other way round. Text that follows the other language's habit, or that could mean two values
(`1.500` where decimals are allowed), raises `ReadError` saying how it was read; nothing is guessed.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.numbers import format_percent as babel_format_percent

LANGUAGES = ("vi", "en")
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimals)
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_MAX_TEXT = 40


class ReadError(ValueError):
    """Text that is not the number or date asked for.

    `reason` is one of: "number", "convention" (the other language's separators: `value` is that
    reading), "ambiguous" (`value` is this language's reading, `other` the other one), "decimals"
    (more decimals than allowed), "whole" (a whole number was asked for), "minor_unit" (decimals in a
    currency without a minor unit, such as the đồng), "date".
    """

    def __init__(self, reason: str, text: str, value=None, other=None, places: int | None = None):
        super().__init__(reason)
        self.reason, self.text, self.value, self.other, self.places = reason, text, value, other, places


def language(code: str | None) -> str:
    """The supported language for a locale code ("vi_VN" → "vi"); Vietnamese when unknown."""
    short = str(code or "vi").split("_")[0].split("-")[0].lower()
    return short if short in LANGUAGES else "vi"


# Reading numbers


def _pattern(group: str, decimal: str) -> re.Pattern:
    g, d = re.escape(group), re.escape(decimal)
    return re.compile(rf"(?P<int>[0-9]{{1,3}}(?:{g}[0-9]{{3}})+|[0-9]+)(?:{d}(?P<frac>[0-9]+))?")


_PATTERNS = {lang: _pattern(*SEPARATORS[lang]) for lang in LANGUAGES}


def _read(text: str, lang: str) -> tuple[Decimal, bool] | None:
    """The value of `text` under `lang`'s separators, and whether it is a lone thousands group ("1.500")."""
    group, decimal = SEPARATORS[lang]
    match = _PATTERNS[lang].fullmatch(text)
    if match is None:
        return None
    whole = match["int"].replace(group, "")
    value = Decimal(f"{whole}.{match['frac']}" if match["frac"] else whole)
    lone_group = match["frac"] is None and match["int"].count(group) == 1
    return value, lone_group


def parse_number(text: str, lang: str, *, places: int | None = 0, no_minor_unit: bool = False) -> Decimal:
    """Read a number typed the `lang` way, allowing `places` decimals (None: any); raise ReadError otherwise.

    Spaces group thousands in both languages. With `places` above zero, a single thousands group
    and nothing else (`1.500` in Vietnamese, `1,500` in English) could be a decimal typed the other
    way: it is refused as ambiguous, and `1500` or `1,5` / `1.5` say which was meant.
    `no_minor_unit` (the đồng) turns "a whole number is asked for" into "this currency has no fractional part".
    """
    lang = language(lang)
    original = (text or "").strip()
    body = original.replace("\u2212", "-")
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-").strip()
    if not body or len(body) > _MAX_TEXT:
        raise ReadError("number", original)
    group, _decimal = SEPARATORS[lang]
    body = _SPACES.sub(group, body)
    other_lang = "en" if lang == "vi" else "vi"
    read = _read(body, lang)
    convention = read is None
    if convention:  # perhaps written the other language's way: say how it would read there
        read = _read(body, other_lang)
        if read is None:
            raise ReadError("number", original)
    value, lone_group = sign * read[0], read[1]
    if not convention and lone_group and (places is None or places > 0):
        other = _read(body, other_lang)
        raise ReadError("ambiguous", original, value=value, other=sign * other[0] if other else None)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places is not None and decimals > places:  # the stronger reason: no reading of it fits the field
        reason = "decimals" if places else "minor_unit" if no_minor_unit else "whole"
        raise ReadError(reason, original, value=value, places=places)
    if convention:
        raise ReadError("convention", original, value=value)
    return value


def parse_integer(text: str, lang: str) -> int:
    """A whole number typed the `lang` way ("12.500" or "12 500" in Vietnamese)."""
    return int(parse_number(text, lang, places=0))


def currency_places(currency: str) -> int:
    """Decimals of a currency's minor unit per CLDR: 0 for VND and JPY, 2 for USD."""
    try:
        return get_currency_precision((currency or "").upper())
    except (KeyError, ValueError):
        return 2


def parse_money(text: str, currency: str, lang: str) -> Decimal:
    """An amount of `currency` typed the `lang` way; the currency's code or symbol around it is ignored."""
    code = (currency or "").upper()
    body = (text or "").strip()
    for mark in (code, "US$", "$", "₫", "đồng", "đ") if code in ("USD", "VND") else (code,):
        if mark and body.lower().endswith(mark.lower()):
            body = body[: -len(mark)].strip()
        elif mark and body.lower().startswith(mark.lower()):
            body = body[len(mark):].strip()
    places = currency_places(code)
    return parse_number(body, lang, places=places, no_minor_unit=places == 0)


def parse_date(text: str, lang: str) -> date:
    """A date as ISO (YYYY-MM-DD, what a date input sends) or, in Vietnamese, dd/mm/yyyy; raise ReadError."""
    original = (text or "").strip()
    try:
        if match := _ISO_DATE.fullmatch(original):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if language(lang) == "vi" and (match := _DAY_FIRST.fullmatch(original)):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise ReadError("date", original)


# Writing numbers, money and dates


def _decimal(value) -> Decimal | int:
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def format_number(value, lang: str, *, places: int | None = None) -> str:
    """A number with the language's separators (1.234.567,5 in Vietnamese); `places` fixes the decimals."""
    if value is None:
        return ""
    pattern = None if places is None else "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(_decimal(value), format=pattern, locale=language(lang),
                          decimal_quantization=places is not None)


def format_plain(value, lang: str) -> str:
    """A number without thousands separators, for an input to read back unambiguously (1500 or 2500,5)."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f") if not isinstance(value, int) else str(value)
    return text.replace(".", SEPARATORS[language(lang)][1])


def format_money(amount, currency: str, lang: str) -> str:
    """Money the language's way: 12.500.000 ₫ and 2.500,50 US$ in Vietnamese, ₫12,500,000 in English."""
    if amount is None:
        return ""
    return format_currency(_decimal(amount), (currency or "VND").upper(), locale=language(lang))


def format_percent(ratio, lang: str, *, places: int = 1) -> str:
    """A ratio as a percentage (0.554 → 55,4% in Vietnamese, 55.4% in English)."""
    if ratio is None:
        return ""
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return babel_format_percent(_decimal(ratio), format=pattern, locale=language(lang))


_VI_DATE = {"short": "dd/MM/yyyy", "medium": "dd/MM/yyyy"}


def format_date(value: date | None, lang: str, style: str = "medium") -> str:
    """A date: 15/01/2027 in Vietnamese (longer styles spell the month), Jan 15, 2027 in English."""
    if value is None:
        return ""
    lang = language(lang)
    if lang == "vi":
        return babel_format_date(value, _VI_DATE.get(style, style), locale="vi")
    return babel_format_date(value, "medium" if style == "short" else style, locale="en")  # never 1/15/27


def format_document_date(value: date, lang: str) -> str:
    """The date line of an official document: "ngày 05 tháng 3 năm 2027", or "5 March 2027"."""
    if language(lang) == "vi":
        # Nghị định 30/2020/NĐ-CP, Phụ lục I: a day below 10 and the months 1 and 2 take a leading zero (so
        # "tháng 01" cannot be read as "tháng 10"), the other months do not.
        month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
        return f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return babel_format_date(value, "d MMMM y", locale="en")


def format_day_month(value: date, lang: str) -> str:
    """A day without its year, for chart labels: 04/02 in Vietnamese, Feb 4 in English."""
    if language(lang) == "vi":
        return babel_format_date(value, "dd/MM", locale="vi")
    return format_skeleton("MMMd", value, locale="en")


def format_datetime(value: datetime | None, lang: str, style: str = "short") -> str:
    """A moment already in the reader's time zone: 15/01/2027 09:30 in Vietnamese."""
    if value is None:
        return ""
    if language(lang) == "vi":
        pattern = "dd/MM/yyyy HH:mm" if style in ("short", "medium") else style
        return babel_format_datetime(value, pattern, locale="vi")
    return babel_format_datetime(value, "MMM d, y, h:mm a" if style == "short" else style, locale="en")


# Numbers in words, to echo how a number was read ("một nghìn năm trăm")

_VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_VI_SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ")
_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_SCALES = ("", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion")


def _vi_hundreds(n: int, inner: bool) -> list[str]:
    """0–999 in Vietnamese; `inner` groups say their empty hundreds and tens ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = [_VI_DIGITS[hundreds], "trăm"] if hundreds or inner else []
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [_VI_DIGITS[units]]
    elif tens == 1:
        words += ["mười"] + ([("lăm" if units == 5 else _VI_DIGITS[units])] if units else [])
    else:
        last = {0: [], 1: ["mốt"], 5: ["lăm"]}.get(units, [_VI_DIGITS[units]])
        words += [_VI_DIGITS[tens], "mươi"] + last
    return words


def _en_hundreds(n: int, _inner: bool) -> list[str]:
    """0–999 in English."""
    hundreds, rest = n // 100, n % 100
    words = [_EN_ONES[hundreds], "hundred"] if hundreds else []
    if rest:
        words.append(_EN_ONES[rest] if rest < 20 else _EN_TENS[rest // 10] + (
            "-" + _EN_ONES[rest % 10] if rest % 10 else ""))
    return words


def _whole_in_words(n: int, lang: str) -> list[str]:
    if n == 0:
        return [_VI_DIGITS[0] if lang == "vi" else _EN_ONES[0]]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    if len(groups) > len(_VI_SCALES):
        raise ValueError("too large to spell")
    hundreds, scales = (_vi_hundreds, _VI_SCALES) if lang == "vi" else (_en_hundreds, _EN_SCALES)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words += hundreds(groups[index], bool(words)) + ([scales[index]] if scales[index] else [])
        elif lang == "vi" and words and index and groups[index - 1]:
            words += ["không", scales[index]]  # 1.000.500: "một triệu không nghìn năm trăm", as banks write it
    return words


def spell_number(value, lang: str) -> str:
    """A number in words: 1500 → "một nghìn năm trăm", 2,5 → "hai phẩy năm"; "one thousand five hundred"."""
    lang = language(lang)
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    sign = ["âm" if lang == "vi" else "minus"] if number < 0 else []
    text = format(abs(number), "f")
    whole, _dot, fraction = text.partition(".")
    words = sign + _whole_in_words(int(whole), lang)
    fraction = fraction.rstrip("0")
    if fraction:
        words.append("phẩy" if lang == "vi" else "point")
        digits = _VI_DIGITS if lang == "vi" else _EN_ONES
        # Vietnamese reads "2,25" as "hai phẩy hai mươi lăm"; a leading zero is read digit by digit.
        if lang == "vi" and not fraction.startswith("0") and len(fraction) <= 3:
            words += _whole_in_words(int(fraction), lang)
        else:
            words += [digits[int(digit)] for digit in fraction]
    return " ".join(words)

"""Form fields for numbers, money and dates typed the reader's way, read through core.locale.

A Vietnamese page reads `12.500.000` and `2.500,5`, an English one `12,500,000` and `2,500.5`; what
could mean two values is refused with a message saying how it was read, never guessed.
"""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import DateInput, TextInput

from core import locale
from core.i18n import current_language

EXAMPLE_MONEY = Decimal("12500000")
EXAMPLE_DECIMAL = Decimal("2500.5")


def read_error_message(error: locale.ReadError, lang: str, *, currency: str | None = None) -> str:
    """Why the text was refused and how it was read, in the reader's language."""
    group, decimal = locale.SEPARATORS[lang]

    def shown(value) -> str:
        return locale.format_number(value, lang) if value is not None else ""

    text = error.text
    if error.reason == "ambiguous":
        return _("“%(text)s” can be read two ways. Type %(plain)s for %(plain_words)s, or %(other)s for "
                 "%(other_words)s.", text=text, plain=locale.format_plain(error.value, lang),
                 plain_words=locale.spell_number(error.value, lang), other=locale.format_plain(error.other, lang),
                 other_words=locale.spell_number(error.other, lang))
    if error.reason == "convention":
        if lang == "vi":
            return _("“%(text)s” is written the English way. In Vietnamese a dot separates thousands and a comma "
                     "marks decimals: write %(value)s.", text=text, value=shown(error.value))
        return _("“%(text)s” is written the Vietnamese way. In English a comma separates thousands and a dot "
                 "marks decimals: write %(value)s.", text=text, value=shown(error.value))
    if error.reason == "minor_unit":
        if (currency or "VND").upper() == "VND":
            return _("The đồng has no fractional part: “%(text)s” reads as %(value)s đồng (%(words)s). Write whole "
                     "đồng, e.g. %(example)s.", text=text, value=shown(error.value),
                     words=locale.spell_number(error.value, lang), example=locale.format_number(EXAMPLE_MONEY, lang))
        return _("%(currency)s has no fractional part: “%(text)s” reads as %(value)s. Write a whole number.",
                 currency=currency, text=text, value=shown(error.value))
    if error.reason == "whole":
        return _("Give a whole number: “%(text)s” reads as %(value)s.", text=text, value=shown(error.value))
    if error.reason == "decimals":
        return _("At most %(places)d decimals: “%(text)s” reads as %(value)s.", places=error.places, text=text,
                 value=shown(error.value))
    if error.reason == "date":
        if lang == "vi":
            return _("Give the date as dd/mm/yyyy, e.g. 15/01/2027.")
        return _("Give the date as YYYY-MM-DD, e.g. 2027-01-15.")
    return _("Not a number. Write it like %(example)s (“%(group)s” between thousands, “%(decimal)s” before "
             "decimals).", example=locale.format_number(EXAMPLE_DECIMAL, lang), group=group, decimal=decimal)


def number_hint(places: int | None) -> LazyString:
    """"For example 12.500.000" (or "2.500,5" where decimals are allowed), in the language of the page."""
    def hint() -> str:
        lang = current_language()
        example = EXAMPLE_MONEY if places == 0 else EXAMPLE_DECIMAL
        return _("For example %(example)s.", example=locale.format_number(example, lang))
    return LazyString(hint)


class NumberField(Field):
    """A number typed the page's way; `places` decimals at most (0: a whole number, given as an int).

    `minimum` and `maximum` bound the value, and the message shows the bounds the page's way.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, places: int | None = 0, minimum=None, maximum=None,
                 hint: bool = True, **kwargs):
        if hint and not kwargs.get("description"):
            kwargs["description"] = number_hint(places)
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "numeric" if places == 0 else "decimal")
        super().__init__(label, validators, **kwargs)
        self.places, self.minimum, self.maximum = places, minimum, maximum
        self.text = ""

    def field_places(self, form) -> int | None:
        """Decimals allowed (money fields ask their currency)."""
        return self.places

    def process_formdata(self, valuelist):
        """Keep the text: it is read in pre_validate, once the rest of the form is known."""
        if not valuelist:  # the field was not sent: keep its default, as WTForms' number fields do
            return
        self.text = valuelist[0] or ""
        self.data = None

    def _read(self, form, lang: str):
        return locale.parse_number(self.text, lang, places=self.field_places(form))

    def pre_validate(self, form):
        """Read the text the page's way; a refusal stops the field's other checks."""
        if not self.text.strip():
            return
        lang = current_language()
        try:
            value = self._read(form, lang)
        except locale.ReadError as error:
            raise StopValidation(read_error_message(error, lang, currency=self.field_currency(form))) from error
        self.data = int(value) if self.field_places(form) == 0 else value
        self._check_bounds(lang)

    def field_currency(self, form) -> str | None:
        """The currency of a money field; None for plain numbers."""
        return None

    def _check_bounds(self, lang: str) -> None:
        low, high = self.minimum, self.maximum
        if (low is None or self.data >= low) and (high is None or self.data <= high):
            return
        low_text, high_text = locale.format_number(low, lang), locale.format_number(high, lang)
        if high is None:
            raise StopValidation(_("At least %(min)s.", min=low_text))
        if low is None:
            raise StopValidation(_("At most %(max)s.", max=high_text))
        raise StopValidation(_("Between %(min)s and %(max)s.", min=low_text, max=high_text))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return locale.format_plain(self.data, current_language()) if self.data is not None else ""


class MoneyField(NumberField):
    """An amount of money: the currency's minor unit decides the decimals (none for the đồng).

    Give `currency` ("VND") or `currency_field`, the name of the form's field that holds it.
    """

    def __init__(self, label=None, validators=None, *, currency: str | None = "VND", currency_field: str | None = None,
                 **kwargs):
        places = locale.currency_places(currency) if currency and not currency_field else 2
        kwargs.setdefault("description", number_hint(0))
        super().__init__(label, validators, places=places, **kwargs)
        self.currency, self.currency_field = currency, currency_field

    def field_currency(self, form) -> str | None:
        """The fixed currency, or the one typed in the currency field (VND when none)."""
        if self.currency_field:
            return (form[self.currency_field].data or "VND").strip().upper()
        return self.currency

    def field_places(self, form) -> int | None:
        """Decimals of the currency's minor unit."""
        return locale.currency_places(self.field_currency(form))

    def _read(self, form, lang: str):
        return locale.parse_money(self.text, self.field_currency(form), lang)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        lang = current_language()
        # Grouped only where it cannot be misread: a whole-đồng field ("12.500.000").
        grouped = self.currency_field is None and self.places == 0
        return locale.format_number(self.data, lang) if grouped else locale.format_plain(self.data, lang)


class LocalDateField(Field):
    """A date: ISO from a date input, or dd/mm/yyyy typed on a Vietnamese page."""

    widget = DateInput()

    def process_formdata(self, valuelist):
        """Read the date the page's way; the message says which way."""
        text = (valuelist[0] if valuelist else "") or ""
        self.data = None
        if not text.strip():
            return
        lang = current_language()
        try:
            self.data = locale.parse_date(text, lang)
        except locale.ReadError as error:
            raise ValueError(read_error_message(error, lang)) from error

    def pre_validate(self, form):
        """A date that could not be read stops the field's other checks."""
        if self.process_errors:
            raise StopValidation()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""  # a date input speaks ISO; the browser shows it locally


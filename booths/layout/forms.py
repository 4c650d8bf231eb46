"""Layout forms: halls, zones, grid generator, import, booth editing and prices."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from booths.layout.booth_rows import MAX_PRICE_VND
from booths.layout.vocabulary import BOOTH_TYPES, COLOUR_MODES, ZONE_KINDS
from core.fields import MoneyField, NumberField
from core.i18n import current_language
from core.reference.countries import country_choices
from core.reference.provinces import province_choices

ZONE_KIND_LABELS = {
    "international": _l("International"),
    "domestic": _l("Domestic"),
    "technical": _l("Technical support and seminars"),
    "pavilion": _l("Province or country pavilion"),
}
BOOTH_TYPE_LABELS = {
    "standard": _l("Standard"),
    "corner": _l("Corner"),
    "island": _l("Island"),
    "raw_space": _l("Raw space"),
}
COLOUR_MODE_LABELS = {
    "status": _l("Status"),
    "zone": _l("Zone"),
    "province": _l("Province"),
    "country": _l("Country"),
}


def _metres(label, **kwargs) -> NumberField:
    """A length in metres, to the centimetre, typed the page's way (3,5 in Vietnamese)."""
    kwargs.setdefault("minimum", Decimal("0.01"))
    kwargs.setdefault("maximum", 2000)
    return NumberField(label, [InputRequired()], places=2, hint=False, **kwargs)


def _count(label, low: int, high: int, **kwargs) -> NumberField:
    """A whole number of booths, rows or metres of numbering."""
    return NumberField(label, [InputRequired()], minimum=low, maximum=high, hint=False, **kwargs)


def _price(label, **kwargs) -> MoneyField:
    """A booth price in whole đồng (12.500.000 in Vietnamese)."""
    return MoneyField(label, [InputRequired()], minimum=0, maximum=MAX_PRICE_VND, **kwargs)


def _province_choices():
    return [("", "—")] + list(province_choices(current_language()))


def _country_choices():
    return [("", "—")] + list(country_choices(current_language()))


class HallForm(FlaskForm):
    """A new hall."""

    name = StringField(_l("Hall name"), validators=[DataRequired(), Length(max=80)])
    width_m = _metres(_l("Width (m)"))
    depth_m = _metres(_l("Depth (m)"))


class ZoneForm(FlaskForm):
    """A new zone."""

    name_vi = StringField(_l("Name in Vietnamese"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=lambda: [(k, ZONE_KIND_LABELS[k]) for k in ZONE_KINDS])
    colour = StringField(_l("Colour"), validators=[Optional(), Length(max=7)],
                         render_kw={"type": "color"}, default="#e0a33a")
    province = SelectField(_l("Pavilion of province"), choices=_province_choices, validators=[Optional()])
    country = SelectField(_l("Pavilion of country"), choices=_country_choices, validators=[Optional()])


class GridForm(FlaskForm):
    """The grid generator: a block of booths with aisles."""

    hall_id = SelectField(_l("Hall"), coerce=int)
    zone_id = SelectField(_l("Zone"), coerce=int)
    prefix = StringField(_l("Code prefix"), validators=[DataRequired(), Length(max=10)], default="A-")
    first_number = _count(_l("First number"), 0, 99999, default=1)
    rows = _count(_l("Rows"), 1, 200, default=4)
    columns = _count(_l("Booths per row"), 1, 200, default=10)
    booth_width_m = _metres(_l("Booth width (m)"), default=3)
    booth_depth_m = _metres(_l("Booth depth (m)"), default=3)
    aisle_every = _count(_l("A cross aisle every N booths"), 0, 200, default=5)
    rows_per_block = _count(_l("Rows back to back"), 0, 200, default=2)
    aisle_width_m = _metres(_l("Aisle width (m)"), default=3, minimum=0, maximum=100)
    origin_x_m = _metres(_l("Start at x (m)"), default=2, minimum=0)
    origin_y_m = _metres(_l("Start at y (m)"), default=2, minimum=0)
    booth_type = SelectField(_l("Booth type"), choices=lambda: [(t, BOOTH_TYPE_LABELS[t]) for t in BOOTH_TYPES])
    price_vnd = _price(_l("Price (VND)"), default=0)


class ImportForm(FlaskForm):
    """Upload a CSV or XLSX of booths."""

    file = FileField(_l("CSV or XLSX file"), validators=[
        FileRequired(), FileAllowed(["csv", "xlsx"], _l("Send a .csv or .xlsx file."))])


class BoothForm(FlaskForm):
    """Edit one booth's geometry, type, zone and price."""

    x_m = _metres(_l("x (m)"), minimum=0, maximum=None)
    y_m = _metres(_l("y (m)"), minimum=0, maximum=None)
    width_m = _metres(_l("Width (m)"))
    depth_m = _metres(_l("Depth (m)"))
    booth_type = SelectField(_l("Booth type"), choices=lambda: [(t, BOOTH_TYPE_LABELS[t]) for t in BOOTH_TYPES])
    zone_id = SelectField(_l("Zone"), coerce=int)
    price_vnd = _price(_l("Price (VND)"))


class BlockForm(FlaskForm):
    """Block a booth, with the reason."""

    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=200)])


class PriceForm(FlaskForm):
    """Set the price of chosen booths or of a whole zone."""

    price_vnd = _price(_l("New price (VND)"))
    zone_id = SelectField(_l("Every booth of zone"), coerce=int)
    codes = TextAreaField(_l("Or these booth codes"), description=_l("Separate codes with commas or spaces."))


class PlanOptionsForm(FlaskForm):
    """How to colour the plan (a GET form, no CSRF needed)."""

    class Meta:
        csrf = False

    colour = SelectField(_l("Colour by"), choices=lambda: [(m, COLOUR_MODE_LABELS[m]) for m in COLOUR_MODES])

"""Layout forms: halls, zones, grid generator, import, booth editing and prices."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from booths.layout.booth_rows import MAX_PRICE_VND
from booths.layout.vocabulary import BOOTH_TYPES, COLOUR_MODES, ZONE_KINDS
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

metres = [InputRequired(), NumberRange(min=0.01, max=2000)]
price = [InputRequired(), NumberRange(min=0, max=MAX_PRICE_VND)]


def _province_choices():
    return [("", "—")] + list(province_choices(current_language()))


def _country_choices():
    return [("", "—")] + list(country_choices(current_language()))


class HallForm(FlaskForm):
    """A new hall."""

    name = StringField(_l("Hall name"), validators=[DataRequired(), Length(max=80)])
    width_m = DecimalField(_l("Width (m)"), places=2, validators=metres)
    depth_m = DecimalField(_l("Depth (m)"), places=2, validators=metres)


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
    first_number = IntegerField(_l("First number"), default=1, validators=[InputRequired(), NumberRange(0, 99999)])
    rows = IntegerField(_l("Rows"), default=4, validators=[InputRequired(), NumberRange(1, 200)])
    columns = IntegerField(_l("Booths per row"), default=10, validators=[InputRequired(), NumberRange(1, 200)])
    booth_width_m = DecimalField(_l("Booth width (m)"), places=2, default=3, validators=metres)
    booth_depth_m = DecimalField(_l("Booth depth (m)"), places=2, default=3, validators=metres)
    aisle_every = IntegerField(_l("A cross aisle every N booths"), default=5,
                               validators=[InputRequired(), NumberRange(0, 200)])
    rows_per_block = IntegerField(_l("Rows back to back"), default=2, validators=[InputRequired(), NumberRange(0, 200)])
    aisle_width_m = DecimalField(_l("Aisle width (m)"), places=2, default=3,
                                 validators=[InputRequired(), NumberRange(min=0, max=100)])
    origin_x_m = DecimalField(_l("Start at x (m)"), places=2, default=2, validators=[InputRequired(),
                                                                                     NumberRange(min=0, max=2000)])
    origin_y_m = DecimalField(_l("Start at y (m)"), places=2, default=2, validators=[InputRequired(),
                                                                                     NumberRange(min=0, max=2000)])
    booth_type = SelectField(_l("Booth type"), choices=lambda: [(t, BOOTH_TYPE_LABELS[t]) for t in BOOTH_TYPES])
    price_vnd = IntegerField(_l("Price (VND)"), default=0, validators=price)


class ImportForm(FlaskForm):
    """Upload a CSV or XLSX of booths."""

    file = FileField(_l("CSV or XLSX file"), validators=[
        FileRequired(), FileAllowed(["csv", "xlsx"], _l("Send a .csv or .xlsx file."))])


class BoothForm(FlaskForm):
    """Edit one booth's geometry, type, zone and price."""

    x_m = DecimalField(_l("x (m)"), places=2, validators=[InputRequired(), NumberRange(min=0)])
    y_m = DecimalField(_l("y (m)"), places=2, validators=[InputRequired(), NumberRange(min=0)])
    width_m = DecimalField(_l("Width (m)"), places=2, validators=metres)
    depth_m = DecimalField(_l("Depth (m)"), places=2, validators=metres)
    booth_type = SelectField(_l("Booth type"), choices=lambda: [(t, BOOTH_TYPE_LABELS[t]) for t in BOOTH_TYPES])
    zone_id = SelectField(_l("Zone"), coerce=int)
    price_vnd = IntegerField(_l("Price (VND)"), validators=price)


class BlockForm(FlaskForm):
    """Block a booth, with the reason."""

    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=200)])


class PriceForm(FlaskForm):
    """Set the price of chosen booths or of a whole zone."""

    price_vnd = IntegerField(_l("New price (VND)"), validators=price)
    zone_id = SelectField(_l("Every booth of zone"), coerce=int)
    codes = TextAreaField(_l("Or these booth codes"), description=_l("Separate codes with commas or spaces."))


class PlanOptionsForm(FlaskForm):
    """How to colour the plan (a GET form, no CSRF needed)."""

    class Meta:
        csrf = False

    colour = SelectField(_l("Colour by"), choices=lambda: [(m, COLOUR_MODE_LABELS[m]) for m in COLOUR_MODES])

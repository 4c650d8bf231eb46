"""Visitor forms: public registration, desk registration, imports, scanner gate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import province_choices
from core.i18n import current_language
from core.reference.countries import country_choices
from core.reference.sectors import SECTORS
from visitors.vocabulary import PUBLIC_TYPES

TYPE_LABELS = {
    "trade_buyer": _l("Trade buyer"),
    "visitor": _l("Visitor"),
    "press": _l("Press"),
    "vip": _l("VIP guest"),
    "exhibitor_staff": _l("Exhibitor staff"),
}


class RegistrationForm(FlaskForm):
    """A visitor registers for a fair (public page, or the desk for a walk-in)."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)],
                       description=_l("Your badge is sent to this address."))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    country = SelectField(_l("Country"), choices=lambda: list(country_choices(current_language())), default="VN")
    province = SelectField(_l("Province or city"), choices=province_choices, validators=[Optional()],
                           description=_l("For visitors from Vietnam."))
    visitor_type = SelectField(_l("I am a"), choices=lambda: [(t, TYPE_LABELS[t]) for t in PUBLIC_TYPES])
    sectors = SelectMultipleField(_l("Sectors of interest"), choices=lambda: list(SECTORS.items()),
                                  option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                  validators=[Optional()])
    consent = BooleanField(_l("I agree that the organizer keeps these details to run the fair and its statistics."))

    def values(self) -> dict:
        """The submitted fields as a plain dict for the service."""
        return {name: getattr(self, name).data for name in (
            "full_name", "organisation", "job_title", "email", "phone", "country", "province", "visitor_type",
            "sectors", "consent")}


class StaffForm(FlaskForm):
    """An exhibitor registers one of its people."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])

    def values(self) -> dict:
        """The submitted fields as a plain dict for the service."""
        return {name: getattr(self, name).data for name in ("full_name", "job_title", "email", "phone")}


class PrintForm(FlaskForm):
    """Print (or e-mail again) the badges of the ticked visitors or of all matching the list's filters (which the
    form's action URL carries)."""

    size = SelectField(_l("Format"), choices=lambda: [("sheet", _l("A4 sheets of 8 (office printer)")),
                                                      ("a6", _l("A6, one per page")), ("cr80", _l("CR80 cards"))])

"""The enterprise profile form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, Optional

from accounts.services import MIN_PASSWORD_LENGTH
from core.fields import NumberField
from core.forms import province_choices
from core.i18n import current_language
from core.reference.countries import country_choices
from core.reference.sectors import SECTORS
from enterprises.vocabulary import ENTERPRISE_KINDS

KIND_LABELS = {
    "enterprise": _l("Enterprise"),
    "cooperative": _l("Cooperative (HTX)"),
    "cooperative_group": _l("Cooperative group (THT)"),
    "household_business": _l("Household business"),
    "rural_establishment": _l("Rural industrial establishment (CNNT)"),
}


class EnterpriseForm(FlaskForm):
    """Create or edit an enterprise profile."""

    legal_name = StringField(_l("Legal name (Vietnamese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Type of enterprise"), choices=lambda: [(k, KIND_LABELS[k]) for k in ENTERPRISE_KINDS])
    tax_code = StringField(_l("Tax code"), validators=[Optional(), Length(max=20)],
                           description=_l("10 digits, or 13 for a branch (0100109106-001). Leave empty if foreign."))
    foreign_registration = StringField(_l("Foreign registration number"), validators=[Optional(), Length(max=60)])
    country = SelectField(_l("Country"), choices=lambda: list(country_choices(current_language())), default="VN")
    province = SelectField(_l("Province or city"), choices=province_choices, validators=[Optional()],
                           description=_l("Required for Vietnamese enterprises."))
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    sector = SelectField(_l("Sector"), choices=lambda: list(SECTORS.items()))
    products = TextAreaField(_l("Products"), validators=[Optional(), Length(max=2000)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=200)])
    contact_person = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = StringField(_l("Contact e-mail"), validators=[Optional(), Length(max=254)])
    employees = NumberField(_l("Employees"), validators=[Optional()], minimum=0, maximum=10_000_000, hint=False)
    is_rural_industry = BooleanField(_l("Rural industrial establishment (eligible for khuyến công support)"))

    def values(self) -> dict:
        """The submitted fields as a plain dict for the service."""
        return {name: getattr(self, name).data for name in (
            "legal_name", "name_en", "kind", "tax_code", "foreign_registration", "country", "province", "address",
            "sector", "products", "website", "contact_person", "phone", "email", "employees", "is_rural_industry")}


class InviteForm(FlaskForm):
    """Invite a colleague to act for the enterprise."""

    email = EmailField(_l("Colleague's e-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class InvitationAnswerForm(FlaskForm):
    """Accept or decline an invitation: the pressed button's value (never rendered as a field of its own)."""

    answer = StringField(validators=[AnyOf(("accept", "decline"))])


class JoinForm(FlaskForm):
    """Accept an invitation by opening an account: a name and a password."""

    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)])
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))])


class LogoForm(FlaskForm):
    """Upload the enterprise's logo."""

    logo = FileField(_l("Logo (PNG, JPEG or WebP, at most 2 MB)"), validators=[FileRequired()])

"""Forms of the support pages: a programme, a grant, a grants import, a grant's next status."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.fields import LocalDateField, MoneyField, NumberField
from core.forms import province_choices
from support.labels import CONTENT_LABELS, LEVEL_LABELS, PROJECT_STATUS_LABELS, STATUS_LABELS
from support.vocabulary import GRANT_CONTENTS


class ProgrammeForm(FlaskForm):
    """Record a khuyến công programme of one year."""

    name = StringField(_l("Programme"), validators=[DataRequired(), Length(max=300)])
    level = SelectField(_l("Level"), choices=lambda: list(LEVEL_LABELS.items()))
    agency = StringField(_l("Managing agency"), validators=[Optional(), Length(max=200)])
    province = SelectField(_l("Province or city (provincial funds)"), choices=province_choices,
                           validators=[Optional()])
    year = NumberField(_l("Year"), validators=[DataRequired()], minimum=2000, maximum=2100, hint=False)
    decision_ref = StringField(_l("Decision number"), validators=[DataRequired(), Length(max=200)],
                               description=_l("For example 1034/QĐ-UBND."))
    decision_date = LocalDateField(_l("Decision date"), validators=[DataRequired()])
    budget_vnd = MoneyField(_l("Budget (VND)"), validators=[InputRequired()])
    allowed_contents = SelectMultipleField(_l("Support it may pay for"),
                                           choices=lambda: list(CONTENT_LABELS.items()),
                                           default=list(GRANT_CONTENTS))
    booth_fee_percent = NumberField(_l("Booth fee paid (%)"), validators=[Optional()], minimum=1, maximum=100,
                                    description=_l("Applied when an application that asked for support is "
                                                   "approved; leave empty for no automatic grant."))
    booth_fee_max_booths = NumberField(_l("Up to this many booths"), validators=[Optional()], minimum=1, hint=False)
    booth_fee_rural_only = BooleanField(_l("Only rural industrial establishments"), default=True)

    def values(self) -> dict:
        """The submitted fields as a plain dict for the service."""
        return {name: getattr(self, name).data for name in (
            "name", "level", "agency", "province", "year", "decision_ref", "decision_date", "budget_vnd",
            "allowed_contents", "booth_fee_percent", "booth_fee_max_booths", "booth_fee_rural_only")}


class GrantForm(FlaskForm):
    """Record one grant of the programme."""

    enterprise_tax_code = StringField(_l("Enterprise's tax code"), validators=[DataRequired(), Length(max=14)])
    fair_code = StringField(_l("Fair code (optional)"), validators=[Optional(), Length(max=40)])
    content = SelectField(_l("Support content"), choices=lambda: list(CONTENT_LABELS.items()))
    amount_vnd = MoneyField(_l("Amount (VND)"), validators=[InputRequired()])
    status = SelectField(_l("Status"), choices=lambda: list(STATUS_LABELS.items()))
    override_budget = BooleanField(_l("Record it even past the programme's budget (the override is audited)"))
    confirm_other_province = BooleanField(_l("The enterprise is of another province: record it anyway (audited)"))


class GrantImportForm(FlaskForm):
    """Upload grants as CSV or XLSX."""

    file = FileField(_l("CSV or XLSX file"), validators=[
        FileRequired(), FileAllowed(["csv", "xlsx"], _l("Send a .csv or .xlsx file."))])
    override_budget = BooleanField(_l("Record them even past the programme's budget (the override is audited)"))


class GrantStatusForm(FlaskForm):
    """Move a grant to its next status."""

    status = SelectField(_l("Status"), choices=lambda: list(STATUS_LABELS.items()))
    override_budget = BooleanField(_l("Past the budget: override (audited)"))


class AgencyForm(FlaskForm):
    """The issuing agency's heading, seat, signer and recipients, as its reports print them."""

    governing_body = StringField(_l("Governing body"), validators=[DataRequired(), Length(max=200)],
                                 description=_l("For example SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI."))
    name = StringField(_l("Agency's full name"), validators=[DataRequired(), Length(max=200)])
    abbreviation = StringField(_l("Abbreviation in document numbers"), validators=[DataRequired(), Length(max=30)],
                               description=_l("As in Số: 12/BC-TTKC."))
    seat = StringField(_l("Place written before the date"), validators=[DataRequired(), Length(max=100)])
    signer_authority = StringField(_l("Signing on behalf of"), validators=[Optional(), Length(max=100)],
                                   description=_l("For example KT. GIÁM ĐỐC; empty when the head signs."))
    signer_title = StringField(_l("Signer's title"), validators=[DataRequired(), Length(max=100)])
    signer_name = StringField(_l("Signer's name"), validators=[DataRequired(), Length(max=120)])
    recipients = TextAreaField(_l("Recipients"), validators=[Optional(), Length(max=4000)],
                               description=_l("One a line, as under Nơi nhận."))

    def values(self) -> dict:
        """The fields as the agency services take them."""
        return {name: self[name].data for name in ("governing_body", "name", "abbreviation", "seat",
                                                   "signer_authority", "signer_title", "signer_name", "recipients")}


class ProjectForm(FlaskForm):
    """Record a project (đề án) of the programme."""

    code = StringField(_l("Project code"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Project"), validators=[DataRequired(), Length(max=300)])
    content = SelectField(_l("Support content"), choices=lambda: list(CONTENT_LABELS.items()))
    decision_ref = StringField(_l("Decision number"), validators=[Optional(), Length(max=200)])
    decision_date = LocalDateField(_l("Decision date"), validators=[Optional()])
    implementing_unit = StringField(_l("Implementing unit"), validators=[Optional(), Length(max=200)])
    state_budget_vnd = MoneyField(_l("State budget (VND)"), validators=[Optional()])
    counterpart_vnd = MoneyField(_l("Counterpart funds (VND)"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=lambda: list(PROJECT_STATUS_LABELS.items()))


class OutcomeForm(FlaskForm):
    """Record what a project achieved for one beneficiary."""

    tax_code = StringField(_l("Enterprise's tax code"), validators=[DataRequired(), Length(max=14)])
    recorded_on = LocalDateField(_l("Recorded on"), validators=[DataRequired()])
    trainees = NumberField(_l("Trainees"), validators=[Optional()], minimum=0, maximum=1_000_000, hint=False)
    employed_after = NumberField(_l("Employed afterwards"), validators=[Optional()], minimum=0, maximum=1_000_000,
                                 hint=False)
    jobs_created = NumberField(_l("Jobs created"), validators=[Optional()], minimum=0, maximum=1_000_000, hint=False)
    new_designs = NumberField(_l("New product designs"), validators=[Optional()], minimum=0, maximum=1_000_000,
                              hint=False)
    typical_products = NumberField(_l("Typical products recognised"), validators=[Optional()], minimum=0,
                                   maximum=1_000_000, hint=False)
    typical_product_level = StringField(_l("Level of recognition"), validators=[Optional(), Length(max=20)])
    machines = NumberField(_l("Machines and models"), validators=[Optional()], minimum=0, maximum=1_000_000,
                           hint=False)

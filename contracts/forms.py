"""The contract form of exhibitors and organizers."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.fields import LocalDateField, MoneyField, NumberField
from core.forms import province_choices
from core.i18n import current_language
from core.reference.countries import country_choices
from core.reference.sectors import SECTORS

KIND_LABELS = {"mou": _l("Memorandum of understanding"), "contract": _l("Contract"), "order": _l("Order")}


class ContractForm(FlaskForm):
    """Record a contract signed at the fair (amounts as typed: exact decimals)."""

    seller_enterprise_id = SelectField(_l("Seller (an exhibitor of the fair)"), coerce=int, validate_choice=False,
                                       validators=[Optional()])
    buyer_name = StringField(_l("Buyer"), validators=[DataRequired(), Length(max=200)])
    buyer_country = SelectField(_l("Buyer's country"), choices=lambda: list(country_choices(current_language())),
                                default="VN")
    buyer_province = SelectField(_l("Buyer's province or city"), choices=province_choices, validators=[Optional()])
    kind = SelectField(_l("Type of agreement"), choices=lambda: list(KIND_LABELS.items()), default="contract")
    category = SelectField(_l("Sector"), choices=lambda: list(SECTORS.items()))
    amount = MoneyField(_l("Amount"), validators=[InputRequired()], currency_field="currency")
    currency = StringField(_l("Currency"), validators=[DataRequired(), Length(min=3, max=3)], default="VND",
                           description=_l("ISO code: VND, USD, JPY, EUR…"))
    fx_rate_to_vnd = NumberField(_l("VND per unit (optional)"), validators=[Optional()], places=6,
                                 description=_l("Leave empty to use the fair's rate on the signing date."))
    signed_on = LocalDateField(_l("Signed on"), validators=[DataRequired()])
    description = TextAreaField(_l("What was agreed"), validators=[Optional(), Length(max=1000)])
    confidential = BooleanField(_l("Confidential: hide the amount from public figures"))
    confirm_duplicate = BooleanField(_l("Record it even if a contract with the same buyer, amount and date exists"))

    def values(self, seller_id: int) -> dict:
        """The submitted fields as a plain dict for the service."""
        values = {name: getattr(self, name).data for name in (
            "buyer_name", "buyer_country", "buyer_province", "kind", "category", "amount", "currency",
            "fx_rate_to_vnd", "signed_on", "description", "confidential")}
        return {**values, "seller_enterprise_id": seller_id}


class LeadScanForm(FlaskForm):
    """A badge code, typed by a handheld scanner (code + Enter) or read by the camera."""

    code = StringField(_l("Badge code"), validators=[DataRequired(), Length(max=200)])


RATING_CHOICES = [("", "—"), ("1", "★"), ("2", "★★"), ("3", "★★★"), ("4", "★★★★"), ("5", "★★★★★")]


class LeadForm(FlaskForm):
    """How promising a lead is, and notes on the conversation."""

    rating = SelectField(_l("Rating"), choices=RATING_CHOICES, validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class MeetingRequestForm(FlaskForm):
    """A trade buyer's request: which exhibitor, which slot, and a word about the business."""

    # Any exhibitor of the fair, not only those listed on the page: the service checks it exhibits.
    enterprise_id = SelectField(_l("Exhibitor"), coerce=int, validate_choice=False,
                                validators=[DataRequired(_l("Choose an exhibitor."))])
    slot = SelectField(_l("Day and time"), validators=[DataRequired()])
    message = TextAreaField(_l("What would you like to discuss?"), validators=[Optional(), Length(max=500)])


class ProposeMeetingForm(FlaskForm):
    """An exhibitor's proposal to a registered buyer: who, which slot, and a word about the business."""

    buyer_id = SelectField(_l("Buyer"), coerce=int, validate_choice=False,
                           validators=[DataRequired(_l("Choose a buyer."))])
    slot = SelectField(_l("Day and time"), validators=[DataRequired()])
    message = TextAreaField(_l("What would you like to discuss?"), validators=[Optional(), Length(max=500)])


PLACE_LABELS = {"booth": _l("At our booth"), "table": _l("At a matching table")}
OUTCOME_LABELS = {"no_deal": _l("No deal"), "follow_up": _l("Follow-up agreed"), "contract": _l("Contract signed")}


class AcceptMeetingForm(FlaskForm):
    """Where the exhibitor meets the buyer."""

    place = SelectField(_l("Place"), choices=lambda: list(PLACE_LABELS.items()), default="booth")


class OutcomeForm(FlaskForm):
    """What came of a meeting."""

    outcome = SelectField(_l("Outcome"), choices=lambda: list(OUTCOME_LABELS.items()))
    contract_id = SelectField(_l("Contract"), coerce=lambda value: int(value) if value else None,
                              validators=[Optional()])
    note = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=1000)])
MEETING_STATUS_LABELS = {"requested": _l("Waiting for an answer"), "accepted": _l("Accepted"),
                         "declined": _l("Declined"), "cancelled": _l("Cancelled")}


class ContractFileForm(FlaskForm):
    """Attach the scanned contract (PDF)."""

    file = FileField(_l("Scanned contract (PDF, at most 10 MB)"), validators=[FileRequired()])

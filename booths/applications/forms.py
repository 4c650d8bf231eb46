"""Application forms: applying for booths, the organizer's decision, documents, payment and manual assignment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from booths.layout.forms import BOOTH_TYPE_LABELS
from booths.layout.vocabulary import BOOTH_TYPES
from core.fields import NumberField


class ApplicationForm(FlaskForm):
    """An exhibitor's application for booths."""

    booths_requested = NumberField(_l("Booths requested"), [InputRequired()], default=1, minimum=1, maximum=100,
                                   hint=False)
    booth_type = SelectField(_l("Booth type"), choices=lambda: [("", "—")] + [(t, BOOTH_TYPE_LABELS[t])
                                                                              for t in BOOTH_TYPES])
    zone_first = SelectField(_l("First choice"), choices=[], validators=[Optional()])
    zone_second = SelectField(_l("Second choice"), choices=[], validators=[Optional()])
    zone_third = SelectField(_l("Third choice"), choices=[], validators=[Optional()])
    preferred_booths = StringField(_l("Preferred booth codes"), validators=[Optional(), Length(max=300)],
                                   description=_l("Separate codes with commas or spaces."))
    products = TextAreaField(_l("Products to show"), validators=[Optional(), Length(max=2000)])
    staff_count = NumberField(_l("Staff at the booth"), [InputRequired()], default=2, minimum=0, maximum=1000,
                              hint=False)
    support_requested = BooleanField(_l("We request khuyến công support for this fair"))
    support_programme = StringField(_l("Support programme, if known"), validators=[Optional(), Length(max=200)])

    def values(self) -> dict:
        """The submitted fields as a plain dict for the service."""
        return {
            "booths_requested": self.booths_requested.data, "booth_type": self.booth_type.data or None,
            "zone_preferences": self.zone_order(),
            "preferred_booths": (self.preferred_booths.data or "").replace(",", " ").split(),
            "products": self.products.data, "staff_count": self.staff_count.data,
            "support_requested": self.support_requested.data, "support_programme": self.support_programme.data,
        }


    def set_zones(self, zones: list[tuple[int, str]], closed_booths: dict[str, str]) -> None:
        """Offer `zones` (id, name) as the three ranked choices; `closed_booths` maps the typed codes that name
        booths in zones closed to the applicant to the reason."""
        choices = [("", _l("No preference"))] + [(str(zone_id), name) for zone_id, name in zones]
        for name in ZONE_RANKS:
            self[name].choices = choices
        self.closed_booths = closed_booths

    def typed_booth_codes(self) -> list[str]:
        """The preferred booth codes as typed (upper case), before any check."""
        return (self.preferred_booths.data or "").replace(",", " ").upper().split()

    def zone_order(self) -> list[int]:
        """The chosen zones, first choice first, each once."""
        order: list[int] = []
        for name in ZONE_RANKS:
            value = self[name].data
            if value and int(value) not in order:
                order.append(int(value))
        return order

    def validate_zone_second(self, field) -> None:
        """A second choice differs from the first."""
        if field.data and field.data == self.zone_first.data:
            raise ValidationError(_l("Choose a zone other than your earlier choices."))

    def validate_zone_third(self, field) -> None:
        """A third choice differs from the first two."""
        if field.data and field.data in (self.zone_first.data, self.zone_second.data):
            raise ValidationError(_l("Choose a zone other than your earlier choices."))

    def validate_preferred_booths(self, field) -> None:
        """Preferred booths lie in zones the applicant may have."""
        closed = getattr(self, "closed_booths", {})
        wrong = [code for code in self.typed_booth_codes() if code in closed]
        if wrong:
            raise ValidationError(_l("%(codes)s: %(reason)s", codes=", ".join(wrong), reason=closed[wrong[0]]))


ZONE_RANKS = ("zone_first", "zone_second", "zone_third")


class DecisionForm(FlaskForm):
    """The organizer's decision on one application."""

    status = SelectField(_l("Decision"), choices=lambda: [("approved", _l("Approve")), ("waitlisted", _l("Waitlist")),
                                                          ("rejected", _l("Reject"))])
    reason = StringField(_l("Reason (required to waitlist or reject)"), validators=[Optional(), Length(max=500)])
    # When the application asked for support and a programme would pay: the organizer says yes or no, in words
    # that show the programme and the amount (the page draws them); public money is never granted by default.
    grant_support = RadioField(_l("Booth-fee support"), choices=[("yes", _l("With the grant")),
                                                                 ("no", _l("Without a grant"))],
                               validate_choice=False)
    support_choice_needed = False

    def validate_grant_support(self, field) -> None:
        """An approval that could carry a grant must say whether it does (yes or no, nothing else)."""
        if field.data not in (None, "", "yes", "no"):
            raise ValidationError(_l("Not a valid choice."))
        if self.support_choice_needed and self.status.data == "approved" and field.data not in ("yes", "no"):
            raise ValidationError(_l("Say whether the approval grants the support asked for."))


class AttachmentForm(FlaskForm):
    """Attach a licence or a product photo to an application."""

    purpose = SelectField(_l("What is it?"), choices=lambda: [("licence", _l("Business licence (PDF)")),
                                                              ("photo", _l("Product photo (PNG, JPEG, WebP)"))])
    file = FileField(_l("File (at most 10 MB)"), validators=[FileRequired()])


class PaymentForm(FlaskForm):
    """The organizer records the payment status."""

    payment_status = SelectField(_l("Payment"), choices=lambda: [("unpaid", _l("Unpaid")),
                                                                 ("partial", _l("Partly paid")), ("paid", _l("Paid"))])


class AssignForm(FlaskForm):
    """Assign booths to an approved application by their codes."""

    codes = StringField(_l("Booth codes"), validators=[DataRequired(), Length(max=300)],
                        description=_l("Neighbouring booths of one zone, separated by spaces or commas."))

"""Fair forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.fields import LocalDateField
from core.forms import province_choices
from fairs.models import MAX_SETUP_DAYS


class FairForm(FlaskForm):
    """Create or edit a fair."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Short and unique, for example HN-GIFT-2026."))
    name_vi = StringField(_l("Name in Vietnamese"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=300)])
    province = SelectField(_l("Province or city"), choices=province_choices,
                           validators=[DataRequired()])
    starts_on = LocalDateField(_l("First day"), validators=[DataRequired()])
    ends_on = LocalDateField(_l("Last day"), validators=[DataRequired()])
    application_deadline = LocalDateField(_l("Application deadline"), validators=[Optional()])

    def values(self) -> dict:
        """The submitted fields as a plain dict for the service."""
        return {name: getattr(self, name).data for name in (
            "code", "name_vi", "name_en", "venue", "province", "starts_on", "ends_on",
            "application_deadline")}


class StatusForm(FlaskForm):
    """Move a fair to another status."""

    status = HiddenField(validators=[DataRequired()])


class GateStaffForm(FlaskForm):
    """Assign a gate staff account to a fair: picked from the list, or by its e-mail address."""

    user_id = SelectField(_l("Gate staff account"), coerce=int, validators=[Optional()])
    email = EmailField(_l("Or their e-mail address"), validators=[Optional(), Length(max=254)])

    def validate(self, extra_validators=None) -> bool:
        """One of the two is needed."""
        if not super().validate(extra_validators):
            return False
        if not self.user_id.data and not (self.email.data or "").strip():
            self.email.errors = list(self.email.errors) + [_l("Pick an account or give an e-mail address.")]
            return False
        return True


class SetupDaysForm(FlaskForm):
    """How many days before the first day the gates open for exhibitor staff (set-up)."""

    setup_days = IntegerField(
        _l("Set-up days before opening"), validators=[InputRequired(), NumberRange(min=0, max=MAX_SETUP_DAYS)],
        description=_l("On these days the gates admit exhibitor staff badges only; 0 keeps them shut until "
                       "the first day."))

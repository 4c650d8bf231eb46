"""Fair forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from core.fields import LocalDateField
from core.forms import province_choices


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

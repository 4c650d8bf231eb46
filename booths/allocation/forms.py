"""Allocation forms: moving an exhibitor's block."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class SwapForm(FlaskForm):
    """Swap an exhibitor's block with the block holding another booth."""

    other = StringField(_l("Booth of the other exhibitor"), validators=[DataRequired(), Length(max=20)])

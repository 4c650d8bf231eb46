"""Forms of the report pages: the number and the assessment an officer keeps with an agency's report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional


class ReportTextForm(FlaskForm):
    """The report's number (before /BC-…) and section III, written by the officer."""

    number = StringField(_l("Report number"), validators=[Optional(), Length(max=20)],
                         description=_l("Only the number: the agency's abbreviation is added (12 → 12/BC-TTKC)."))
    assessment = TextAreaField(_l("III. Assessment, shortcomings and recommendations"),
                               validators=[Optional(), Length(max=20000)],
                               description=_l("One paragraph a line; printed in the PDF and the DOCX."))

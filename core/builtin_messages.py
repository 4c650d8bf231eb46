"""The libraries' own messages (WTForms, Flask-WTF, marshmallow) in the reader's language.

WTForms ships no Vietnamese catalog and marshmallow none at all, so their English messages are
listed here, where `pybabel extract` finds them, and translated in our own catalog. Forms get
them through Flask-WTF's per-request translations; API problem documents through
`translate_schema_message`.
"""

import re
from functools import lru_cache

from flask import Flask, request
from flask_babel import get_translations


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int = 1) -> tuple[str, str]:
    """Mark a plural message pair for extraction (this module's marker, not a translation)."""
    return singular, plural


WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Invalid URL."),
    N_("Invalid UUID."),
    N_("Invalid IP address."),
    N_("Invalid Mac address."),
    N_("Field must be equal to %(other_name)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Date must be at least %(min)s."),
    N_("Date must be at most %(max)s."),
    N_("Date must be between %(min)s and %(max)s."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
    N_("Invalid CSRF Token."),
    N_("CSRF token missing."),
    N_("CSRF failed."),
    N_("CSRF token expired."),
    N_("Invalid Choice: could not coerce."),
    N_("Choices cannot be None."),
    N_("Not a valid choice."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid week value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    # Flask-WTF's own (CSRF on a form, uploads)
    N_("The CSRF token is missing."),
    N_("The CSRF session token is missing."),
    N_("The CSRF token has expired."),
    N_("The CSRF token is invalid."),
    N_("The CSRF tokens do not match."),
)

WTFORMS_PLURALS = (
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1),
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1),
)

# marshmallow formats its messages before we see them: each {name} is matched back as a value.
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Invalid type."),
    N_("Invalid input."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Not a valid time."),
    N_("Not a valid period of time."),
    N_("Not a valid mapping type."),
    N_("Not a valid list."),
    N_("Not a valid tuple."),
    N_("Not a valid URL."),
    N_("Not a valid email address."),
    N_("Not a valid UUID."),
    N_("String does not match expected pattern."),
    N_("Must be one of: {choices}."),
    N_("Must be equal to {other}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("One or more of the choices you made was not in: {choices}."),
)


class _CatalogTranslations:
    """What Flask-WTF asks of a translations object, answered from the app's own catalog."""

    def ugettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    compiled = []
    for template in MARSHMALLOW_MESSAGES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts))
        compiled.append((re.compile(regex + r"\Z"), template))
    return tuple(compiled)


def translate_schema_message(message: str) -> str:
    """A marshmallow message in the active language; any other message as it is."""
    for pattern, template in _patterns():
        match = pattern.match(message)
        if match:
            translated = get_translations().ugettext(template)
            return translated.format(**match.groupdict()) if match.groupdict() else translated
    return message


def install_builtin_translations(app: Flask) -> None:
    """Give every form of every request the app's catalog for WTForms' and Flask-WTF's messages.

    Flask-WTF looks for its translations on the request before loading WTForms' own catalogs
    (which hold no Vietnamese), so setting them there reaches every FlaskForm.
    """

    @app.before_request
    def _wtforms_translations():
        request.wtforms_translations = _CatalogTranslations()

"""Helpers to show domain errors next to the form fields they concern."""

from collections.abc import Callable

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from core.errors import DomainError, ValidationFailed
from core.extensions import db
from core.i18n import current_language
from core.reference.provinces import province_choices as unit_choices
from core.tables import TableError, read_table


def show_errors_on_form(form, error: DomainError) -> None:
    """Attach each error to its field; flash what names no field of the form."""
    unplaced = []
    for item in error.errors or [{"field": None, "message": error.message}]:
        field = getattr(form, item.get("field") or "", None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [item["message"]]
        else:
            unplaced.append(item["message"])
    for message in unplaced:
        flash(message, "error")


def province_choices():
    """The 34 current units as select choices, labelled and sorted in the active language."""
    return [("", _l("Choose a province or city"))] + list(unit_choices(current_language()))


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that post."""


def import_uploaded_table(form, run: Callable[[list[dict[str, str]]], int]) -> tuple[int | None, list[dict], int]:
    """Read the table uploaded in `form.file`, give its rows to `run` and commit; all or nothing.

    Returns (rows created or None, problems by row, HTTP status). Other domain errors are flashed.
    """
    if not form.validate_on_submit():
        return None, [], 422 if form.is_submitted() else 200
    upload = form.file.data
    try:
        created = run(read_table(upload.read(), upload.filename or ""))
        db.session.commit()
        return created, [], 200
    except TableError:
        db.session.rollback()
        form.file.errors = [_("The file is neither a UTF-8 CSV nor an XLSX workbook.")]
    except ValidationFailed as error:
        db.session.rollback()
        return None, error.errors, 422
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return None, [], 422

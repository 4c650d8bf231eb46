"""Helpers to show domain errors next to the form fields they concern."""

from flask import flash
from flask_wtf import FlaskForm

from core.errors import DomainError


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


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that post."""

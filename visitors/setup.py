"""Wire visitors into the app: template globals."""

from flask import Flask

from visitors.forms import TYPE_LABELS


def init_visitors(app: Flask) -> None:
    """Register the visitors package's template globals."""
    app.jinja_env.globals.update(TYPE_LABELS=TYPE_LABELS)

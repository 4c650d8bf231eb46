"""Limits every request shares, pages and API alike: ids within the database's range, no NUL bytes or lone
surrogates in text, JSON nested no deeper than a person's data ever is."""

import re
from datetime import date

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from core.errors import DomainError, NotFound, ValidationFailed

# PostgreSQL's `integer`, the type of every primary key here; SQLite's 64-bit limit is wider.
INT32_MAX = 2**31 - 1
# SQLite stores a NUMERIC that is not a whole number as an 8-byte REAL, which keeps 15 significant digits:
# decimals are bounded to 15 digits so the same value comes back from either database.
EXACT_DIGITS = 15
# A fair, and anything dated by one, falls in this window; 0001 or 9999 is a typo that breaks date arithmetic.
EARLIEST_FAIR_DAY, LATEST_FAIR_DAY = date(2000, 1, 1), date(2100, 12, 31)
# The deepest real body (an application's zone preferences) nests 3 levels; 32 leaves room and stops a
# 5,000-deep array long before the parser's recursion limit.
MAX_JSON_DEPTH = 32
# NUL is refused by PostgreSQL's text types; a lone UTF-16 surrogate cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def digits_at_most(limit: int) -> str:
    """A regular expression matching the decimal numbers 0 … limit (ASCII digits, leading zeros allowed)."""
    text = str(limit)
    choices = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(text):
        if digit != "0":
            rest = len(text) - i - 1
            choices.append(text[:i] + f"[0-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    choices.append(text)
    return "0*(?:" + "|".join(choices) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` in a route: a database id, so a number past 2^31 − 1 matches no route (404).

    The bound is in the regex, not only in `max`: werkzeug compares methods before converting, so a number
    refused by to_python on a GET route would still "match" the POST route beside it and answer 405.
    """

    regex = digits_at_most(INT32_MAX)

    def __init__(self, map, fixed_digits=0, min=None, max=INT32_MAX, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def id_arg(value: str) -> int:
    """`request.args.get(name, type=id_arg)`: an id from the query string, or the default when it is not one
    (out of the database's range, negative or not a number), so a huge one is "none", never a server error."""
    number = int(value)
    if not 0 <= number <= INT32_MAX:
        raise ValueError(value)
    return number


class NestedTooDeep(DomainError):
    """A JSON body nested deeper than MAX_JSON_DEPTH."""

    kind = "json-too-deep"


def unstorable_text(value: str) -> bool:
    """True if the text holds a NUL byte or a lone surrogate, which no database column can store."""
    return _UNSTORABLE.search(value) is not None


def _text_problem(field: str | None) -> dict:
    return {"field": field, "message": _("Remove the control character (NUL) or broken character from the text.")}


def json_problem(data) -> tuple[str, dict | None] | None:
    """The first reason to refuse a parsed JSON body: ("depth", None) or ("text", problem), or None."""
    stack = [(data, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return "depth", None
        if isinstance(node, str):
            if unstorable_text(node):
                return "text", _text_problem(path or None)
        elif isinstance(node, dict):
            for key, value in node.items():
                child = f"{path}.{key}" if path else str(key)
                if unstorable_text(key):
                    return "text", _text_problem(path or None)
                stack.append((value, child, depth + 1))
        elif isinstance(node, list):
            stack.extend((value, f"{path}.{index}" if path else str(index), depth + 1)
                         for index, value in enumerate(node))
    return None


def _refuse_deep_json():
    raise NestedTooDeep(_("The JSON body is nested more than %(depth)s levels deep.", depth=MAX_JSON_DEPTH))


def guard_request_input() -> None:
    """Refuse, before any view runs, input that no view could store: checked once here for every route."""
    for key, value in request.args.items(multi=True):
        if unstorable_text(key) or unstorable_text(value):
            raise ValidationFailed([_text_problem(key if not unstorable_text(key) else None)])
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and unstorable_text(value):
            raise NotFound(_("Page not found"))
    if request.method not in _BODY_METHODS:
        return
    if request.is_json:
        try:
            data = request.get_json(silent=True)  # cached: the view's own get_json() does not parse again
        except RecursionError:
            _refuse_deep_json()
        problem = json_problem(data) if data is not None else None
        if problem and problem[0] == "depth":
            _refuse_deep_json()
        if problem:
            raise ValidationFailed([problem[1]])
    elif request.mimetype in _FORM_TYPES:
        for key, value in request.form.items(multi=True):
            if unstorable_text(key) or unstorable_text(value):
                raise ValidationFailed([_text_problem(key if not unstorable_text(key) else None)])


def register_input_guards(app: Flask) -> None:
    """Bound `<int:…>` ids and guard every request's text; call before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(guard_request_input)

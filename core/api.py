"""The flask-smorest Api, answering errors as RFC 9457 problem documents; the bounded fields its schemas share."""

import http
import json
import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

import flask_smorest
import marshmallow as ma
from flask_babel import gettext as _
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser, is_json_request

from core.inputs import EARLIEST_FAIR_DAY, INT32_MAX, LATEST_FAIR_DAY


class ProblemFieldSchema(ma.Schema):
    """One problem in a problem document: the field or row, and the message."""

    field = ma.fields.String(allow_none=True)
    row = ma.fields.Integer()
    message = ma.fields.String()


class ProblemSchema(ma.Schema):
    """RFC 9457 problem document."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(ProblemFieldSchema))


PROBLEM_JSON = "application/problem+json"


class ProblemApi(Api):
    """Api whose errors are handled by the app-wide problem handler in core.errors."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        # core.errors registers one handler for pages and API alike.
        return None

    def _register_responses(self):
        """flask-smorest's shared responses (the 422 of every body, the default error), as problem documents."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


# ---- Reading JSON bodies exactly -------------------------------------------------------------------------


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def loads_exact(data: bytes):
    """Parse a JSON body with every number exact (Decimal, never float); NaN and Infinity are not JSON."""
    text = data.decode("utf-8")
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as error:  # a 5,000-digit integer, NaN, a body nested past the stack
        raise json.JSONDecodeError(str(error), text, 0) from error


class ExactJsonParser(FlaskParser):
    """webargs' Flask parser, reading JSON numbers as Decimal so 168.5 stays 168.5."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return webargs_core.missing
        return loads_exact(req.get_data(cache=True))


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprint: flask-smorest's, with exact JSON numbers."""

    ARGUMENTS_PARSER = ExactJsonParser()


# ---- Bounded fields: every input within what the database column can hold --------------------------------

INT64_MAX = 2**63 - 1


class BoundedInteger(ma.fields.Integer):
    """A whole number within [minimum, maximum]: 1.5 is refused (not truncated), and so are booleans."""

    def __init__(self, *, minimum: int = 0, maximum: int = INT32_MAX, **kwargs):
        validators = list(kwargs.pop("validate", None) or [])
        metadata = {"format": "int32" if maximum <= INT32_MAX else "int64", **kwargs.pop("metadata", {})}
        # The Range validator puts minimum and maximum in the OpenAPI document; _validated checks first.
        super().__init__(validate=[ma.validate.Range(min=minimum, max=maximum), *validators],
                         metadata=metadata, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _validated(self, value):
        if value is True or value is False or not isinstance(value, (int, float, Decimal, str)):
            raise ma.ValidationError(_("Give a whole number."))
        if isinstance(value, str):
            value = value.strip()
            if not re.fullmatch(r"[+-]?\d{1,20}", value):
                raise ma.ValidationError(_("Give a whole number."))
            value = int(value)
        elif isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            raise ma.ValidationError(_("Give a whole number."))
        elif isinstance(value, Decimal) and not (value.is_finite() and value == value.to_integral_value()):
            raise ma.ValidationError(_("Give a whole number."))
        # Compare before converting: int(Decimal("1e999999999")) would build a billion-digit number.
        if not self.minimum <= value <= self.maximum:
            raise ma.ValidationError(_("Give a whole number from %(min)s to %(max)s.", min=self.minimum,
                                       max=self.maximum))
        return int(value)


def Id(**kwargs) -> BoundedInteger:  # noqa: N802 (reads as a field type in schemas)
    """A database id: 1 to 2^31 − 1 (PostgreSQL's integer)."""
    return BoundedInteger(minimum=1, maximum=INT32_MAX, **kwargs)


# How a decimal goes out (amounts, rates, values): a string, so no client reads it through a float.
DECIMAL_STRING = {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$", "example": "25400.50"}

_DECIMAL_TEXT = re.compile(r"[+-]?\d{1,40}(\.\d{1,40})?")


def _syntax_error() -> ma.ValidationError:
    """The one syntax the API reads decimals in, said in the reader's language."""
    return ma.ValidationError(_("Give a JSON number or a string with a dot for decimals and no thousands separator, "
                                "e.g. 12500000 or 2500.50."))


class ExactDecimal(ma.fields.Field):
    """A decimal that fits a Numeric(digits, places) column exactly: a dot-decimal string or a JSON number,
    finite, within bounds, and refused (never rounded) when it has more decimals than the column keeps."""

    def __init__(self, *, digits: int, places: int, minimum: Decimal | None = None, maximum: Decimal | None = None,
                 positive: bool = False, **kwargs):
        self.places = places
        self.step = Decimal(1).scaleb(-places)
        largest = Decimal(10) ** (digits - places) - self.step
        self.maximum = min(maximum, largest) if maximum is not None else largest
        # Where zero is forbidden, the least allowed value is the smallest one the column stores.
        self.minimum = minimum if minimum is not None else (self.step if positive else -largest)
        sign = "-?" if self.minimum < 0 else ""
        pattern = rf"^{sign}\d+(\.\d{{1,{places}}})?$" if places else rf"^{sign}\d+$"
        metadata = {
            "type": "string", "format": "decimal", "pattern": pattern,
            "x-minimum": str(self.minimum), "x-maximum": str(self.maximum),
            "description": _decimal_description(self.minimum, self.maximum, places),
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if isinstance(value, str):
            text = value.strip()
            if not _DECIMAL_TEXT.fullmatch(text):
                raise _syntax_error()
            number = Decimal(text)
        elif isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            raise _syntax_error()
        elif isinstance(value, float):
            number = Decimal(repr(value))  # the shortest text of the float, as the client most likely wrote it
        else:
            number = Decimal(value)
        if not number.is_finite():
            raise _syntax_error()
        if not self.minimum <= number <= self.maximum:
            raise ma.ValidationError(_("Give a number from %(min)s to %(max)s.", min=self.minimum, max=self.maximum))
        try:
            exact = number.quantize(self.step)
        except InvalidOperation as error:  # unreachable within the bounds; kept so no input can raise
            raise _syntax_error() from error
        if exact != number:
            raise ma.ValidationError(_("At most %(places)s decimals.", places=self.places))
        return exact

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format(Decimal(value), "f")


def _decimal_description(minimum: Decimal, maximum: Decimal, places: int) -> str:
    return f"A decimal string (dot separator, at most {places} decimals) or JSON number, from {minimum} to {maximum}."


class BoundedDate(ma.fields.Date):
    """An ISO date within a plausible window (a fair's days: 2000 to 2100)."""

    def __init__(self, *, earliest: date = EARLIEST_FAIR_DAY, latest: date = LATEST_FAIR_DAY, **kwargs):
        metadata = {"description": f"YYYY-MM-DD, from {earliest} to {latest}", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)
        self.earliest, self.latest = earliest, latest

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        if not self.earliest <= day <= self.latest:
            raise ma.ValidationError(_("Give a date from %(first)s to %(last)s.", first=self.earliest.isoformat(),
                                       last=self.latest.isoformat()))
        return day

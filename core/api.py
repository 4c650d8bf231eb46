"""The flask-smorest Api, answering errors as RFC 9457 problem documents; the bounded fields its schemas share."""

import hashlib
import http
import json
import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps

import flask_smorest
import marshmallow as ma
from flask import current_app, request
from flask_babel import gettext as _
from flask_smorest import Api
from flask_smorest.pagination import PaginationParameters
from flask_smorest.utils import prepare_response
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import UnsupportedMediaType

from core.errors import DomainError, PreconditionFailed, problem_detail
from core.inputs import EARLIEST_FAIR_DAY, INT32_MAX, LATEST_FAIR_DAY
from core.openapi import add_examples, operation_doc, problems_of


class ProblemFieldSchema(ma.Schema):
    """One problem in a problem document: the field or row, and the message."""

    field = ma.fields.String(allow_none=True)
    row = ma.fields.Integer(allow_none=True)
    message = ma.fields.String()


class ProblemSchema(ma.Schema):
    """RFC 9457 problem document, in the language of the request's Accept-Language (Vietnamese by default)."""

    type = ma.fields.String(metadata={"description": "The kind of problem, stable (see docs/API.md)",
                                      "example": "/api/v1/problems/validation-failed"})
    title = ma.fields.String(metadata={"example": "Có trường không hợp lệ"})
    status = ma.fields.Integer(metadata={"example": 422})
    detail = ma.fields.String()
    instance = ma.fields.String(metadata={"description": "The path asked", "example": "/api/v1/fairs"})
    errors = ma.fields.List(ma.fields.Nested(ProblemFieldSchema), metadata={
        "description": "Each problem by the request's own field name (or row); at most 200 listed"})
    error_count = ma.fields.Integer(metadata={"description": "How many problems in all, when more than listed"})


PROBLEM_JSON = "application/problem+json"


class ProblemApi(Api):
    """Api whose errors are handled by the app-wide problem handler in core.errors."""

    ERROR_SCHEMA = ProblemSchema

    def _openapi_json(self):
        """The OpenAPI document, with an example for every JSON body and response."""
        return current_app.response_class(json.dumps(add_examples(self.spec.to_dict()), indent=2),
                                          mimetype="application/json")

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


# Lists: 50 items a page unless asked, at most 500 (booth lists up to 1,000: a hall's plan in one call).
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# A page past this is past any list the database could hold; the bound keeps OFFSET within 64 bits.
MAX_PAGE = 1_000_000


def _page_parameters_schema(default_size: int, largest_size: int) -> type[ma.Schema]:
    """flask-smorest's pagination arguments, with the page number bounded too."""

    class PageParametersSchema(ma.Schema):
        """Which page of the list, and how many items a page."""

        class Meta:
            unknown = ma.EXCLUDE

        page = BoundedInteger(minimum=1, maximum=MAX_PAGE, load_default=1,
                              metadata={"description": "Page number, from 1."})
        page_size = BoundedInteger(minimum=1, maximum=largest_size, load_default=default_size,
                                   metadata={"description": f"Items a page (default {default_size})."})

        @ma.post_load
        def make_paginator(self, data, **kwargs):
            return PaginationParameters(**data)

    return PageParametersSchema


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprint: flask-smorest's, with exact JSON numbers and bounded pages."""

    ARGUMENTS_PARSER = ExactJsonParser()
    PAGINATION_ARGUMENTS_PARSER = ExactJsonParser()
    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": DEFAULT_PAGE_SIZE, "max_page_size": MAX_PAGE_SIZE}

    def route(self, rule, *, parameters=None, tags=None, **options):
        """flask-smorest's route, documenting what the view's decorators say: its operationId (the endpoint), a
        one-sentence summary, the roles that may call it (x-roles and the description), the problems it can
        answer (401/403 behind a token, 404 with a path id, 409 under an Idempotency-Key)."""
        register = super().route(rule, parameters=parameters, tags=tags, **options)

        def decorator(func):
            roles = getattr(func, "required_roles", None)
            declared = func.__dict__.get("_apidoc", {}).get("response", {}).get("responses", {})
            problems = problems_of(rule, roles)
            if getattr(func, "idempotent", False):
                problems.append((409, "The Idempotency-Key was used for another request, or is still running"))
            for status, description in problems:
                if status not in declared:
                    func = self.alt_response(status, schema=ProblemSchema, content_type=PROBLEM_JSON,
                                             description=description)(func)
            func = self.doc(**operation_doc(options.get("endpoint") or func.__name__, func.__doc__, roles))(func)
            return register(func)

        return decorator

    def paginate(self, pager=None, *, page=None, page_size=None, max_page_size=None):
        """flask-smorest's pagination (`page`, `page_size`, the `X-Pagination` header with the total), the page
        number bounded; the view pages in the database (`core.pagination.page_items`)."""
        page_size = page_size or DEFAULT_PAGE_SIZE
        max_page_size = max_page_size or MAX_PAGE_SIZE
        original = flask_smorest.pagination._pagination_parameters_schema_factory
        # smorest builds its argument schema inside paginate(); ours bounds `page` as well.
        flask_smorest.pagination._pagination_parameters_schema_factory = (
            lambda _page, size, largest: _page_parameters_schema(size, largest))
        try:
            return super().paginate(pager, page=1, page_size=page_size, max_page_size=max_page_size)
        finally:
            flask_smorest.pagination._pagination_parameters_schema_factory = original

    def _document_pagination_metadata(self, spec, resp_doc):
        """The X-Pagination header as what it is on the wire: a string holding a JSON object."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "JSON: total, total_pages, first_page, last_page, page, previous_page, next_page",
            "schema": {"type": "string", "example": '{"total": 27, "total_pages": 3, "first_page": 1, '
                                                    '"last_page": 3, "page": 2, "previous_page": 1, "next_page": 3}'}}

    def arguments(self, schema, *, location="json", **kwargs):
        """flask-smorest's arguments; a JSON body must come as JSON (415 otherwise, never a 422 for every field),
        and the fields a service's error names are given back under the request's own names."""
        decorate = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorate
        instance = schema() if isinstance(schema, type) else schema
        renames = request_field_names(instance)

        def decorator(func):
            inner = decorate(func)

            @wraps(inner)
            def wrapper(*args, **kw):
                require_json_body()
                if not renames:
                    return inner(*args, **kw)
                try:
                    return inner(*args, **kw)
                except DomainError as error:
                    for problem in error.errors:
                        if problem.get("field") in renames:
                            problem["field"] = renames[problem["field"]]
                    raise

            return self.alt_response(415, schema=ProblemSchema, content_type=PROBLEM_JSON,
                                     description="The body is not sent as JSON")(wrapper)

        return decorator


def request_field_names(schema: ma.Schema) -> dict[str, str]:
    """Attribute names the services use → the request's own field names, where they differ."""
    return {field.attribute: field.data_key or name for name, field in schema.fields.items()
            if field.attribute and field.attribute != (field.data_key or name)}


JSON_MEDIA_TYPE = re.compile(r"^application/([\w.+-]+\+)?json$")


def require_json_body() -> None:
    """A request that carries a body must say it is JSON: a form post or a missing Content-Type is a 415."""
    if JSON_MEDIA_TYPE.match(request.mimetype or ""):
        return
    # A form's body was already read into request.form (get_data is empty then); any other body is read here.
    if request.content_length or request.form or request.files or request.get_data(cache=True):
        raise UnsupportedMediaType()


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


# ---- ETags: a PATCH with If-Match changes only the version the client read ----------------------------------


def etag_of(schema: ma.Schema, obj) -> str:
    """The strong ETag of an object as the API shows it (a hash of its representation)."""
    text = json.dumps(schema.dump(obj), sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def check_if_match(schema: ma.Schema, obj) -> None:
    """Refuse (412) a change whose If-Match header names none of the object's current ETag; no header: no check."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    asked = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if etag_of(schema, obj) not in asked:
        raise PreconditionFailed(problem_detail(412) or "", field="If-Match")


IF_MATCH_HEADER = {"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
                   "description": "The ETag the object had when read; a change to a newer version is a 412."}


def file_content(*media_types: str) -> dict:
    """The OpenAPI `content` of a file response: each media type a binary string (text for SVG and CSV)."""
    return {media: {"schema": {"type": "string", **({} if media in ("image/svg+xml", "text/csv")
                                                     else {"format": "binary"})}} for media in media_types}

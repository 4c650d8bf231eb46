"""The flask-smorest Api, answering errors as RFC 9457 problem documents."""

import marshmallow as ma
from flask_smorest import Api


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

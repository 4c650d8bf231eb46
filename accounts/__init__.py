"""Users, roles, login, sign-up, password reset and API tokens."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

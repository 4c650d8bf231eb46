"""Visitors of a fair: registration, signed QR badges, gate check-in, attendance."""

from flask import Blueprint

bp = Blueprint("visitors", __name__)

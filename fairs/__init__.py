"""Fairs: their lifecycle, the organizer's pages and the public fair page."""

from flask import Blueprint

bp = Blueprint("fairs", __name__)

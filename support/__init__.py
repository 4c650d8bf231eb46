"""Khuyến công support: programmes (national or provincial funds) and the grants they pay to enterprises."""

from flask import Blueprint

bp = Blueprint("support", __name__)

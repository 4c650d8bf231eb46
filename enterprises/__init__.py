"""Companies that exhibit or buy: identity, tax code, province or country, sector, members."""

from flask import Blueprint

bp = Blueprint("enterprises", __name__)

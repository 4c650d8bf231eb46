"""Trade contracts signed at a fair, in VND and foreign currencies, with the fair's exchange rates."""

from flask import Blueprint

bp = Blueprint("contracts", __name__)

"""Halls, zones and booths of a fair: layout, adjacency and floor plans."""

from flask import Blueprint

bp = Blueprint("booths", __name__)

"""Booths of a fair, in three domains with the same rooms: `layout/` (halls, zones, booths, plans),
`applications/` (applying, review, manual assignment, publication) and `allocation/` (the engine and
its runs). Each sits on the one before it; `setup.py` wires them into the app.

Their pages share this one blueprint, so every endpoint keeps its `booths.` name.
"""

from flask import Blueprint

bp = Blueprint("booths", __name__)

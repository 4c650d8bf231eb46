"""Read-only views across domains: the fair's results and the supported-enterprise reports.

Reports may read every package; no package imports `reports`.
"""

from flask import Blueprint

bp = Blueprint("reports", __name__)

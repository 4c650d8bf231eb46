"""JSON API of the reports: a fair's summary."""

from flask import current_app

from core.api import Blueprint
from core.auth import api_auth_required
from core.extensions import db
from fairs.services import get_visible_fair
from reports.schemas import FairSummarySchema
from reports.summary import fair_summary

api_bp = Blueprint("reports_api", __name__, url_prefix="/api/v1", description="Fair results and reports")


@api_bp.route("/fairs/<int:fair_id>/summary", methods=["GET"])
@api_auth_required("organizer", "officer")
@api_bp.response(200, FairSummarySchema)
def fair_summary_api(fair_id: int):
    """Booths, exhibitors, provinces, countries, visitors, contracts (not cancelled), meetings and leads."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return fair_summary(db.session, fair, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])

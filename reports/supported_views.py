"""The supported-enterprise report pages: filters, totals, charts and tables; exports in five formats."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, render_template, request
from flask_login import current_user
from markupsafe import Markup

from core.auth import role_required
from core.extensions import db
from core.i18n import current_language
from reports import bp
from reports.supported_charts import report_charts
from reports.supported_export import export_response, report_context
from reports.supported_tables import content_labels, kind_labels
from support.budget import millions

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FILTERS = ("fair_id", "programme_id", "year", "province")  # the only arguments the export links carry


@bp.get("/reports/supported")
@role_required("organizer", "officer")
def supported():
    """The report in HTML, with filters, charts and links to the exports."""
    context = report_context(db.session, request.args, current_user, language=current_language())
    charts = {name: Markup(svg) for name, svg in report_charts(context["report"]).items()}
    filter_args = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return render_template("reports/supported.html", charts=charts, millions=millions, contents=content_labels(),
                           kinds=kind_labels(), filter_args=filter_args, **context)


@bp.get("/reports/supported.<any(csv, xlsx, pdf, json):kind>")
@role_required("organizer", "officer")
def supported_export(kind: str) -> Response:
    """The report as CSV, XLSX, PDF or JSON."""
    context = report_context(db.session, request.args, current_user, language=current_language())
    return export_response(context, kind, today=datetime.now(VIETNAM).date())

"""The fair's results dashboard: headline figures, contract breakdowns with charts, CSV/XLSX export."""

from flask import abort, current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from booths.layout.forms import ZONE_KIND_LABELS
from contracts.forms import KIND_LABELS
from core.auth import role_required
from core.charts import hbar_chart_svg
from core.downloads import table_download
from core.extensions import db
from core.i18n import current_language, number
from core.reference.countries import country_name
from core.reference.export_names import name_rows
from core.reference.sectors import SECTORS
from fairs.models import Fair
from fairs.services import get_public_fair
from reports import bp
from reports.summary import contract_breakdowns, fair_summary, summary_rows

RESULT_ROLES = ("organizer", "officer")
CHART_ROWS = 12


def _labelled(breakdowns: dict, language: str) -> dict:
    """Each breakdown row with a label in the reader's language."""
    names = {"kind": lambda key: str(KIND_LABELS.get(key, key)),
             "seller_province": lambda key: key or _("Abroad"),
             "buyer_country": lambda key: country_name(key, language),
             "sector": lambda key: str(SECTORS.get(key, key))}
    return {section: [{**item, "label": names[section](item["key"])} for item in items]
            for section, items in breakdowns.items()}


def _millions(value) -> str:
    return number(round(value / 1_000_000))


def _timezone() -> str:
    """The attendance dashboard's zone: the summary reads the same attendance tally."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def billions(value) -> str:
    """A VND value in billions of đồng with one decimal, as headlines print it ("520,0")."""
    return number(round(value / 1_000_000_000, 1), places=1)


@bp.get("/fairs/<int:fair_id>/results")
@role_required(*RESULT_ROLES)
def fair_results(fair_id: int):
    """Organizers and officers: what the fair achieved, with breakdowns of its contracts."""
    fair = db.get_or_404(Fair, fair_id)
    summary = fair_summary(db.session, fair, timezone=_timezone())
    breakdowns = _labelled(contract_breakdowns(db.session, fair), current_language())
    titles = {"seller_province": _("Contract value by seller's province (million VND)"),
              "buyer_country": _("Contract value by buyer's country (million VND)"),
              "sector": _("Contract value by sector (million VND)")}
    charts = {section: Markup(hbar_chart_svg(
        [(item["label"], float(item["value_vnd"])) for item in breakdowns[section][:CHART_ROWS]],
        title=title, value_format=_millions)) for section, title in titles.items()}
    return render_template("reports/results.html", fair=fair, summary=summary, breakdowns=breakdowns,
                           charts=charts, titles=titles, zone_kinds=ZONE_KIND_LABELS, kinds=KIND_LABELS,
                           value_billions=billions(summary["contracts"]["value_vnd"]))


@bp.get("/fairs/<int:fair_id>/results.<any(csv, xlsx):kind>")
@role_required(*RESULT_ROLES)
def fair_results_export(fair_id: int, kind: str):
    """The fair's results as one table (section, key, count, VND, USD)."""
    fair = db.get_or_404(Fair, fair_id)
    headers, rows = summary_rows(fair_summary(db.session, fair, timezone=_timezone()),
                                 contract_breakdowns(db.session, fair))
    rows = name_rows(rows, current_language(),
                     {"contracts_by_kind": KIND_LABELS, "booths_by_zone_kind": ZONE_KIND_LABELS})
    return table_download(headers, rows, kind=kind, filename=f"{fair.code}-results", title=fair.code)


@bp.get("/f/<code>/results")
def public_results(code: str):
    """The figures a running or closed fair publishes; confidential contract amounts are left out."""
    fair = get_public_fair(db.session, code)
    if fair.status not in ("running", "closed"):
        abort(404)
    summary = fair_summary(db.session, fair, public=True, timezone=_timezone())
    return render_template("reports/public_results.html", fair=fair, summary=summary,
                           value_billions=billions(summary["contracts"]["value_vnd"]))

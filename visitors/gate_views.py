"""Gate pages: the scanner (camera, handheld scanner, offline queue), its JSON check-in, the attendance dashboard."""

import base64
from datetime import date
from zoneinfo import ZoneInfo

import marshmallow as ma
import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from core.auth import role_required
from core.charts import bar_chart_svg
from core.db import utcnow
from core.downloads import table_download
from core.errors import ValidationFailed
from core.extensions import db
from core.i18n import current_language, day_month
from core.reference.countries import country_name
from core.reference.export_names import name_rows
from fairs.gates import gate_days_of, gate_fairs_of, require_assigned_staff
from fairs.models import Fair
from visitors import bp
from visitors.attendance import attendance, attendance_rows
from visitors.badge_list import conditional_badge_list, read_cursor
from visitors.forms import TYPE_LABELS
from visitors.gate import scan_and_commit
from visitors.models import Badge
from visitors.schemas import CheckInSchema
from visitors.services import fair_key

GATE_ROLES = ("organizer", "staff")


def gate_fair(fair_id: int) -> Fair:
    """The fair of a gate or desk page: 404 if there is none, 403 for gate staff not assigned to it."""
    fair = db.get_or_404(Fair, fair_id)
    require_assigned_staff(db.session, fair.id, current_user, now=utcnow())
    return fair


def verdict_labels() -> dict[str, str]:
    """What the scanner shows for each verdict, in the active language."""
    return {"admitted": _("Admitted"), "already_admitted": _("Already admitted today"),
            "revoked": _("Revoked badge"), "wrong_fair": _("Badge of another fair"),
            "invalid": _("Invalid code"), "not_open": _("The fair is not open yet"),
            "not_open_after": _("The fair has ended"), "setup_only": _("Set-up day: exhibitor staff only"),
            "queued": _("offline: will be sent"), "sent": _("sent"),
            "camera_denied": _("Camera refused: allow the camera for this site in the browser's settings, "
                               "or use a handheld scanner."),
            "camera_missing": _("No camera found on this device: use a handheld scanner or type the code."),
            "camera_unavailable": _("The camera cannot be used here (it needs a secure https address): "
                                    "use a handheld scanner or type the code."),
            "camera_error": _("Camera trouble"),
            "forbidden": _("You are not assigned to this fair's gates. Ask the organizer to assign you."),
            "first": _("first entry at %(time)s, gate %(gate)s", time="{time}", gate="{gate}"),
            "list_updated": _("Badge list updated at %(time)s (%(n)s badges)", time="{time}", n="{n}"),
            "reconcile_line": _("%(time)s, %(gate)s: offline “%(offline)s”, server “%(server)s”", time="{time}",
                                gate="{gate}", offline="{offline}", server="{server}")}


@bp.get("/gate")
@role_required("staff")
def gate_home():
    """Gate staff's start page: the scanner of the fair they work at today (a choice if several)."""
    today = utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    fairs = [(fair, gate_days_of(fair)) for fair in gate_fairs_of(db.session, current_user)]
    today_fairs = [fair for fair, days in fairs if days.position(today) in ("setup", "open")]
    if len(today_fairs) == 1 and not request.args.get("list"):  # ?list=1: the choice, cached for offline use
        return redirect(url_for("visitors.scanner", fair_id=today_fairs[0].id))
    coming = [fair for fair, days in fairs if days.position(today) == "before"]
    return render_template("visitors/gate_home.html", today_fairs=today_fairs, coming=coming,
                           today=today)


@bp.get("/fairs/<int:fair_id>/scan")
@role_required(*GATE_ROLES)
def scanner(fair_id: int):
    """Gate staff: scan badges with the camera or a handheld scanner; works offline and syncs later."""
    fair = gate_fair(fair_id)
    key = fair_key(db.session, fair, now=utcnow())
    revoked = [str(serial) for serial in db.session.scalars(
        sa.select(Badge.serial).where(Badge.fair_id == fair.id, Badge.revoked_at.is_not(None)))]
    db.session.commit()  # the key may have just been made
    return render_template("visitors/scanner.html", fair=fair, public_key=base64.b64encode(key.public_key).decode(),
                           revoked=revoked, labels=verdict_labels(), gate_days=gate_days_of(fair))


@bp.get("/fairs/<int:fair_id>/scan/badges.json")
@role_required(*GATE_ROLES)
def scanner_badges(fair_id: int):
    """The badge list the scanner keeps in IndexedDB (visitors/badge_list.py): whole, or the changes `since` a
    cursor; 304 when the phone's copy is current (If-None-Match)."""
    fair = gate_fair(fair_id)
    since = read_cursor(request.args.get("since"))
    etag, body = conditional_badge_list(db.session, fair, since=since, if_none_match=request.if_none_match,
                                        now=utcnow())
    db.session.commit()  # the key may have just been made
    response = current_app.response_class(body, mimetype="application/json") if body is not None \
        else current_app.response_class(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-store"  # on the phone it lives in IndexedDB only
    return response


@bp.post("/fairs/<int:fair_id>/scan/checkins")
@role_required(*GATE_ROLES)
def scanner_checkin(fair_id: int):
    """The scanner page's check-in (session and CSRF header); the same rules and answer as the API."""
    fair = gate_fair(fair_id)
    try:
        body = CheckInSchema().load(request.get_json(silent=True) or {})
    except ma.ValidationError as error:
        raise ValidationFailed([{"field": field, "message": " ".join(map(str, messages))}
                                for field, messages in error.messages.items()]) from error
    answer = scan_and_commit(fair.id, code=body["code"], gate=body["gate"], nonce=body["nonce"],
                             scanned_at=body["scanned_at"], actor=current_user, offline_result=body["offline_result"])
    return jsonify(answer)


def _attendance(fair: Fair) -> dict:
    return attendance(db.session, fair, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])


@bp.get("/fairs/<int:fair_id>/attendance")
@role_required("organizer", "staff", "officer")
def attendance_page(fair_id: int):
    """Organizer: registered, unique visitors, entries; by day, hour, gate, type, country and province."""
    fair = gate_fair(fair_id)
    figures = _attendance(fair)
    language = current_language()
    charts = {
        "day": bar_chart_svg([(day_month(date.fromisoformat(item["day"])), item["entries"])
                              for item in figures["by_day"]], title=_("Entries by day"), lang=language),
        "hour": bar_chart_svg([(f"{item['hour']:02d}", item["entries"]) for item in figures["by_hour"]],
                              title=_("Entries by hour of the day"), colour="#1d5fa8", lang=language),
    }
    countries = {row["key"]: country_name(row["key"], language) for row in figures["by_country"]}
    return render_template("visitors/attendance.html", fair=fair, figures=figures,
                           charts={k: Markup(v) for k, v in charts.items()}, countries=countries)


@bp.get("/fairs/<int:fair_id>/attendance.<any(csv, xlsx):kind>")
@role_required("organizer", "staff", "officer")
def attendance_export(fair_id: int, kind: str):
    """The attendance figures as CSV or XLSX."""
    fair = gate_fair(fair_id)
    headers, rows = attendance_rows(_attendance(fair))
    rows = name_rows(rows, current_language(), {"type": TYPE_LABELS})
    return table_download(headers, rows, kind=kind, filename=f"{fair.code}-attendance", title=fair.code)

"""Who issues the report and how it is headed: the agency's governing body and name, "Số: …/BC-<abbreviation>", the
seat and date line, the title's reporting period, the signer and "Nơi nhận" (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.i18n import current_language, day, document_day
from core.inputs import INT32_MAX
from core.reference.provinces import province_label
from support.agencies import agency_id_of
from support.models import Agency, ReportText, SupportProgramme

NUMBER_LIMIT = 20
# With no agency configured the document still prints, with blanks for what the officer must fill in.
BLANK_AGENCY = {"governing_body": "", "name": "", "abbreviation": "", "seat": "", "signer_authority": None,
                "signer_title": "", "signer_name": "", "recipients": []}


@dataclass(frozen=True)
class Issuer:
    """The agency a report is issued by (None: none configured) and the period key its own text is kept under."""

    agency: Agency | None
    period_key: str


def period_key(filters) -> str:
    """The key a report's own text (number, assessment) is kept under: the fair, the year, the programme, or all."""
    if filters.fair_id:
        return f"fair:{filters.fair_id}"
    if filters.year:
        return str(filters.year)
    if filters.programme_id:
        return f"programme:{filters.programme_id}"
    return "all"


def choose_issuer(session, args, user, filters) -> Issuer:
    """The agency named by `agency_id` (admins and organizers: any; officers: their own), else the caller's, else
    the one managing the chosen programme."""
    text = (args.get("agency_id") or "").strip()
    own = agency_id_of(session, user)
    if text:
        if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= INT32_MAX):
            raise ValidationFailed([{"field": "agency_id", "message": _("A whole number.")}])
        agency = session.get(Agency, int(text))
        if agency is None:
            raise NotFound(_("No such agency."))
        if user is not None and user.role == "officer" and agency.id != own:
            raise PermissionDenied(_("You may only issue reports of your own agency."))
    elif own:
        agency = session.get(Agency, own)
    else:  # no agency of one's own: the one managing the chosen programme, if any
        programme = session.get(SupportProgramme, filters.programme_id) if filters.programme_id else None
        agency = programme.managing_agency if programme else None
    return Issuer(agency, period_key(filters))


def stored_text(session, issuer: Issuer) -> ReportText | None:
    """What the officer wrote into this agency's report of this period, if anything."""
    if issuer.agency is None:
        return None
    return session.scalar(sa.select(ReportText).where(ReportText.agency_id == issuer.agency.id,
                                                      ReportText.period == issuer.period_key))


def period_title(report: dict, *, fair_name: str | None) -> str:
    """The reporting period as the title says it: "năm 2027", "tại <fair> (từ ngày … đến ngày …)", or up to a date."""
    period = report["period"]
    filters = report["filters"]
    if period is None:
        return _("all periods recorded")
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    if filters["fair_id"]:
        return _("at %(fair)s (from %(start)s to %(end)s)", fair=fair_name or "", start=day(start), end=day(end))
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year:
        return _("in %(year)s", year=start.year)
    return _("from %(start)s to %(end)s", start=day(start), end=day(end))


def report_heading(report: dict, issuer: Issuer, text: ReportText | None, *, fair_name: str | None,
                   today: date, number: str | None = None) -> dict:
    """Everything the heading, title and signature need, in the active language (documents force Vietnamese)."""
    agency = issuer.agency
    fields = {key: getattr(agency, key) for key in BLANK_AGENCY} if agency else dict(BLANK_AGENCY)
    chosen = (number or (text.number if text else None) or "……").strip()
    abbreviation = fields["abbreviation"] or "……"
    return {
        "governing_body": fields["governing_body"], "agency_name": fields["name"],
        "number": f"{chosen}/BC-{abbreviation}", "seat": fields["seat"] or "……",
        "date_line": f"{fields['seat'] or '……'}, {document_day(today)}", "today": today,
        "period_title": period_title(report, fair_name=fair_name),
        "signer_authority": fields["signer_authority"], "signer_title": fields["signer_title"],
        "signer_name": fields["signer_name"], "recipients": fields["recipients"] or [],
        "assessment": (text.assessment if text else None) or "", "agency_configured": agency is not None,
        "fair_name": fair_name, "province_label": province_label(report["filters"]["province"], current_language(),
                                                                  full=True) if report["filters"]["province"] else None,
    }

"""The sentences of the report, written once for the PDF, the DOCX and the page: the legal basis and general
situation (section I), and the notes that say what is filtered, which figures are whole programmes', the one rule
of dates, and why the programme rows add up (or not) to the totals."""

from flask_babel import gettext as _

from core.i18n import day, number
from support.budget import millions

# Nghị định 45/2012/NĐ-CP on khuyến công, as amended by Nghị định 235/2025/NĐ-CP.
DECREES = ("Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công",
           "Nghị định số 235/2025/NĐ-CP của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 45/2012/NĐ-CP")


def fund_labels() -> dict[str, str]:
    """Names of the funds' subtotal lines."""
    return {"national": _("National funds"), "provincial": _("Local funds"), "total": _("Total")}


def decision_phrase(ref: str | None, when) -> str:
    """"Quyết định số 1288/QĐ-BCT ngày 15/01/2027", as documents cite decisions."""
    if not ref:
        return ""
    return _("Decision No. %(ref)s of %(date)s", ref=ref, date=day(when)) if when else \
        _("Decision No. %(ref)s", ref=ref)


def general_paragraphs(report: dict, heading: dict) -> list[str]:
    """Section I: the legal basis (the decrees, each programme's decision) and the period's figures in one breath."""
    lines = [_("Pursuant to %(decree)s;", decree=DECREES[0]), _("Pursuant to %(decree)s;", decree=DECREES[1])]
    for programme in report["programmes"]:
        lines.append(_("Pursuant to %(decision)s approving the %(programme)s (%(year)s);",
                       decision=decision_phrase(programme["decision_ref"], programme["decision_date"]),
                       programme=programme["name"], year=programme["year"]))
    totals = report["totals"]
    lines.append(_("In the period (%(period)s), %(enterprises)s enterprises and establishments received %(grants)s "
                   "grants of support, %(support)s million VND in all.", period=heading["period_title"],
                   enterprises=number(totals["enterprises"]), grants=number(totals["grants"]),
                   support=number(millions(totals["support_vnd"]))))
    return lines


def report_notes(report: dict, *, province_label: str | None = None, fair_name: str | None = None) -> list[str]:
    """What the reader must know to read the figures right."""
    notes = [_("One rule of dates: support counts when the fair it pays for opens in the period (support for no fair, "
               "when it was recorded); booths, contracts, meetings and leads count when their fair opens in the "
               "period; project outcomes when they were recorded.")]
    filters = report["filters"]
    if filters["province"]:
        notes.append(_("Filtered to %(province)s: the enterprises, grants and outcomes are that province's only.",
                       province=province_label or filters["province"]))
    if fair_name:
        notes.append(_("Filtered to the fair %(fair)s.", fair=fair_name))
    if any(programme["whole_programme"] for programme in report["programmes"]):
        notes.append(_("Plan, committed, disbursed and counterpart funds are each programme's whole figures, for "
                       "every province and fair; the last column is the support counted in this report."))
    return notes


def reconciliation_note(report: dict) -> str | None:
    """Why the programme rows' enterprises exceed the total, when they do."""
    reconciliation = report["reconciliation"]
    if not reconciliation["in_several_programmes"]:
        return None
    return _("%(n)d enterprises were supported by more than one programme: they count under each programme "
             "(%(rows)d in the rows) and once in the total (%(total)d).", n=reconciliation["in_several_programmes"],
             rows=reconciliation["enterprise_rows"], total=reconciliation["enterprises"])


def document_text(report: dict, heading: dict) -> dict:
    """Every sentence a document of the report prints, in the active language, with the subtotal lines' names."""
    return {"general": general_paragraphs(report, heading),
            "notes": report_notes(report, province_label=heading.get("province_label"),
                                  fair_name=heading.get("fair_name")),
            "reconciliation": reconciliation_note(report), "fund_labels": fund_labels()}

"""The supported-enterprise report as tables (headers and rows) for CSV and XLSX, with totals rows.

Amounts stay integers of đồng (numeric cells), the unit in the header; in the workbook a "triệu
đồng" column stands beside each amount. The CSV leaves it out: a program reads the đồng, and a
person opening "6.000" triệu in a Vietnamese spreadsheet would read six thousand.
"""

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from core.reference.sectors import SECTORS
from support.budget import millions


def content_labels() -> dict[str, str]:
    """Support contents in the active language."""
    return {"fair_participation": _("Fair participation"), "booth_fee": _("Booth fee"), "travel": _("Travel"),
            "training": _("Training"), "machinery": _("Machinery and technology"),
            "product_design": _("Product design"), "other": _("Other")}


def kind_labels() -> dict[str, str]:
    """Enterprise kinds in the active language."""
    return {"enterprise": _("Enterprise"), "cooperative": _("Cooperative"), "cooperative_group": _("Cooperative group"),
            "household_business": _("Household business"), "rural_establishment": _("Rural industrial establishment")}


def contract_kind_labels() -> dict[str, str]:
    """Contracts, orders and memoranda, in the active language."""
    return {"contract": _("Contracts"), "order": _("Orders"), "mou": _("Memoranda of understanding")}


def _m(amount: int) -> Decimal:
    return millions(amount)


def enterprise_table(report: dict, *, with_millions: bool = True) -> tuple[list[str], list[list]]:
    """One row per supported enterprise, then the totals row; `with_millions` adds the support in millions."""
    contents, kinds = content_labels(), kind_labels()
    headers = [_("No."), _("Enterprise"), _("Tax code"), _("Province"), _("Recorded province"), _("Type of enterprise"),
               _("Sector"), _("Support content"), _("Booths"), _("Grants"), _("Support (VND)"),
               _("Support (million VND)"), _("Contracts"), _("Contract value (VND)"), _("Meetings"), _("Leads")]
    rows = [[number, row["name"], row["tax_code"], row["province"], row["province_recorded"],
             kinds.get(row["kind"], row["kind"]), str(SECTORS.get(row["sector"], row["sector"] or "")),
             ", ".join(contents[c] for c in row["contents"]),
             row["booths"], row["grants"], row["support_vnd"], _m(row["support_vnd"]), row["contracts"],
             row["contract_value_vnd"], row["meetings"], row["leads"]]
            for number, row in enumerate(report["enterprises"], start=1)]
    totals = report["totals"]
    rows.append([None, _("Total"), None, None, None, None, None, None, totals["booths"], totals["grants"],
                 totals["support_vnd"], _m(totals["support_vnd"]), totals["contracts"], totals["contract_value_vnd"],
                 totals["meetings"], totals["leads"]])
    if not with_millions:
        column = headers.index(_("Support (million VND)"))
        headers = headers[:column] + headers[column + 1:]
        rows = [row[:column] + row[column + 1:] for row in rows]
    return headers, rows


def province_table(report: dict) -> tuple[list[str], list[list]]:
    """Supported enterprises by today's province, then the totals row."""
    headers = [_("Province"), _("Enterprises"), _("Grants"), _("Support (VND)"), _("Support (million VND)"),
               _("Booths"), _("Contracts"), _("Contract value (VND)")]
    rows = [[g["province"], g["enterprises"], g["grants"], g["support_vnd"], _m(g["support_vnd"]), g["booths"],
             g["contracts"], g["contract_value_vnd"]] for g in report["by_province"]]
    t = report["totals"]
    rows.append([_("Total"), t["enterprises"], t["grants"], t["support_vnd"], _m(t["support_vnd"]), t["booths"],
                 t["contracts"], t["contract_value_vnd"]])
    return headers, rows


def content_table(report: dict) -> tuple[list[str], list[list]]:
    """Grants by support content, then the totals row (enterprises counted once overall)."""
    labels = content_labels()
    headers = [_("Support content"), _("Enterprises"), _("Grants"), _("Support (VND)"), _("Support (million VND)")]
    rows = [[labels[g["content"]], g["enterprises"], g["grants"], g["support_vnd"], _m(g["support_vnd"])]
            for g in report["by_content"]]
    t = report["totals"]
    rows.append([_("Total"), t["enterprises"], t["grants"], t["support_vnd"], _m(t["support_vnd"])])
    return headers, rows


def programme_table(report: dict) -> tuple[list[str], list[list]]:
    """Each programme's plan, committed, disbursed (whole programme), % disbursed and counterpart funds, and the
    selection's enterprises, grants and support; then the totals row, each enterprise counted once."""
    headers = [_("Programme"), _("Year"), _("Decision"), _("Budget (VND)"), _("Committed (VND)"),
               _("Disbursed (VND)"), _("Share disbursed") + " (%)", _("Counterpart funds (VND)"), _("Enterprises"),
               _("Grants"), _("Support (VND)")]
    rows = [[p["name"], p["year"], p["decision_ref"], p["budget_vnd"], p["committed_vnd"], p["disbursed_vnd"],
             p["disbursed_percent"], p["counterpart_vnd"], p["enterprises"], p["grants"], p["support_vnd"]]
            for p in report["programmes"]]
    total = next((f for f in report["funds"] if f["level"] == "total"), None)
    if total:
        t = report["totals"]
        rows.append([_("Total (each enterprise once)"), None, None, total["budget_vnd"], total["committed_vnd"],
                     total["disbursed_vnd"], total["disbursed_percent"], total["counterpart_vnd"], t["enterprises"],
                     t["grants"], t["support_vnd"]])
    return headers, rows


def trend_table(report: dict) -> tuple[list[str], list[list]]:
    """One row per fair, in date order, then the sums (an enterprise at several fairs counts at each)."""
    headers = [_("Fair"), _("Opens"), _("Enterprises"), _("Grants"), _("Support (VND)"), _("Contracts"),
               _("Contract value (VND)")]
    points = report["trend"]["by_fair"]
    rows = [[f"{p['code']} – {p['name']}", date.fromisoformat(p["starts_on"]), p["enterprises"], p["grants"],
             p["support_vnd"], p["contracts"], p["contract_value_vnd"]] for p in points]
    rows.append([_("Total"), None, *(sum(p[key] for p in points) for key in (
        "enterprises", "grants", "support_vnd", "contracts", "contract_value_vnd"))])
    return headers, rows

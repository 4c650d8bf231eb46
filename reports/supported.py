"""The supported-enterprise report: grants of the selection, the enterprises they supported and what followed.

Reads support, enterprises, booths and contracts; writes nothing. What the report covers and its one rule of dates
are in `supported_filters`; every figure is an SQL aggregate over the selected grants (`supported_figures`,
`supported_outcomes`); the enterprise rows (`supported_rows`) come whole for the exports, a page at a time for the
page and the API. Every enterprise is counted once in every total, however many programmes supported it.
"""

from math import ceil

from core.pagination import Page, Sort
from core.pdf import without_cycle_collector
from reports.supported_figures import (
    by_content,
    by_kind,
    by_province,
    fund_subtotals,
    origin_groups,
    programme_lines,
    reconciliation,
    totals_of,
    trend,
)
from reports.supported_filters import ReportFilters, Selection, parse_filters, report_period, select_grants
from reports.supported_outcomes import project_outcomes, trade_outcomes
from reports.supported_rows import all_enterprise_rows, enterprise_page_rows

__all__ = ["ReportFilters", "build_report", "paged_report", "parse_filters"]


def _figures(session, selection: Selection, *, language: str) -> tuple[dict, list[dict]]:
    """Every part of the report but the enterprise rows, and the (province, country, type) groups it was added from."""
    filters = selection.filters
    groups = origin_groups(session, selection)
    totals = totals_of(groups)
    period = report_period(session, filters, selection.window)
    programmes = programme_lines(session, selection,
                                 scoped=bool(filters.province or filters.fair_id or selection.window[1]))
    report = {"filters": {"fair_id": filters.fair_id, "programme_id": filters.programme_id, "year": filters.year,
                          "province": filters.province},
              "period": {"start": period[0].isoformat(), "end": period[1].isoformat()} if period else None,
              "totals": totals,
              "by_province": by_province(groups, language),
              "by_content": by_content(session, selection),
              "by_kind": by_kind(groups),
              "programmes": programmes,
              "funds": fund_subtotals(programmes),
              "reconciliation": reconciliation(groups, programmes, totals),
              "trade": trade_outcomes(session, selection.enterprise_ids(), selection.window, language=language),
              "outcomes": project_outcomes(session, filters, period, enterprise_clause=selection.enterprise_clause),
              "trend": trend(session, selection)}
    return report, groups


def build_report(session, filters: ReportFilters, *, language: str = "vi") -> dict:
    """The whole report as plain data: totals, by province, by content, programmes, trend, and every enterprise (what
    the exports print)."""
    # Ten thousand row dicts stay alive while the report is built: the cycle collector's full passes over them freed
    # nothing and took a fifth of the time.
    with without_cycle_collector():
        selection = select_grants(session, filters)
        report, _groups = _figures(session, selection, language=language)
        rows = all_enterprise_rows(session, selection, language=language)
        # Legal types of equal support in the order the rows first show them, as the documents always had them.
        first_seen: dict[str, int] = {}
        for row in rows:
            first_seen.setdefault(row["kind"], len(first_seen))
        report["by_kind"].sort(key=lambda line: (-line["support_vnd"], first_seen[line["kind"]]))
        return {**report, "enterprises": rows}


def paged_report(session, filters: ReportFilters, sort: Sort, *, page: int, per_page: int, language: str = "vi",
                 past_end_empty: bool = False) -> dict:
    """The report with one page of its enterprises (`enterprises`, and `enterprise_page`: where the page sits among
    all of them). A page past the end is the last one, or (`past_end_empty`, as the API has it) no rows."""
    selection = select_grants(session, filters)
    report, groups = _figures(session, selection, language=language)
    total = report["totals"]["enterprises"]
    number = page if past_end_empty else min(max(1, page), max(1, ceil(total / per_page)))
    offset = (number - 1) * per_page
    rows = enterprise_page_rows(session, selection, sort, origins={(g["province"], g["country"]) for g in groups},
                                offset=offset, limit=per_page, language=language) if offset < total else []
    return {**report, "enterprises": rows, "enterprise_page": Page(rows, total, number, per_page)}

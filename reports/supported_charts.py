"""Charts of the supported-enterprise report (SVG bars: support by province and by content, the trend)."""

from flask_babel import gettext as _

from core.charts import bar_chart_svg, hbar_chart_svg
from core.i18n import number
from reports.supported_tables import content_labels
from support.budget import millions


def report_charts(report: dict) -> dict[str, str]:
    """SVG charts in million VND; empty strings when there is nothing to draw."""
    contents = content_labels()

    def fmt(value):
        return number(value, places=1)  # the reader's separators (354,0 in Vietnamese)

    return {
        "province": hbar_chart_svg([(g["province"], float(millions(g["support_vnd"])))
                                    for g in report["by_province"][:20]],
                                   title=_("Support by province (million VND)"), colour="#b3261e", value_format=fmt),
        "content": hbar_chart_svg([(contents[g["content"]], float(millions(g["support_vnd"])))
                                   for g in report["by_content"]],
                                  title=_("Support by content (million VND)"), value_format=fmt),
        "trend": bar_chart_svg([(p["code"], float(millions(p["support_vnd"]))) for p in report["trend"]["by_fair"]],
                               title=_("Support by fair (million VND)"), colour="#2e7d32", value_format=fmt),
        "trend_value": bar_chart_svg([(p["code"], float(millions(p["contract_value_vnd"])))
                                      for p in report["trend"]["by_fair"]],
                                     title=_("Contract value by fair (million VND)"), colour="#8e44ad",
                                     value_format=fmt),
    }

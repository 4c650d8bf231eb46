"""SVG charts write their values the reader's way."""

from core.charts import bar_chart_svg, hbar_chart_svg


def test_values_are_grouped_the_languages_way_unless_a_formatter_is_given():
    """12500 reads 12.500 in Vietnamese and 12,500 in English; a caller's formatter wins."""
    items = [("A", 12500.0), ("B", 3.0)]
    assert ">12.500<" in bar_chart_svg(items, title="t", lang="vi")
    assert ">12,500<" in hbar_chart_svg(items, title="t", lang="en")
    assert ">12.500,0 tr<" in bar_chart_svg(items, title="t", value_format=lambda v: "12.500,0 tr")

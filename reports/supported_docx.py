"""The supported-enterprise report as an editable Word document (python-docx): the same heading, sections and tables as
the PDF, in Times New Roman 13 pt on A4 with the margins of Nghị định 30/2020/NĐ-CP, so staff add the narrative and
sign it digitally. Written in Vietnamese, whatever the reader's interface language."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from core.i18n import day, number
from reports.supported_tables import content_labels, contract_kind_labels, kind_labels
from reports.supported_text import decision_phrase, document_text
from support.budget import millions

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def _m(amount) -> str:
    return number(millions(amount))


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True  # no page number on the first page
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    _page_number(section.header.paragraphs[0])


def _page_number(paragraph) -> None:
    """A PAGE field centred in the header (the first page's own header stays empty)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            element = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            element.text = text
        run._r.append(element)


def _line(container, text: str, *, bold=False, italic=False, size=None, align=None, upper=False, underline=False):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text.upper() if upper else text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _heading(document, h: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    _line(left, h["governing_body"] or "……", size=12.5, align=centre, upper=True)
    _line(left, h["agency_name"] or "……", bold=True, size=12.5, align=centre, upper=True)
    _line(left, "Số: " + h["number"], size=13, align=centre)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12.5, align=centre)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13.5, align=centre, underline=True)
    _line(right, h["date_line"], italic=True, size=13.5, align=centre)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._p.getparent().remove(first._p)


def _table(document, headers: list[str], rows: list[list], *, totals: int = 0) -> None:
    """A bordered table; the last `totals` rows in bold; numbers right-aligned."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold, run.font.size = True, Pt(11)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            run.font.size = Pt(11)
            run.bold = index >= len(rows) - totals
            if isinstance(value, str) and value[:1].isdigit() and not value[-1:].isalpha():
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _unit(document, text: str) -> None:
    _line(document, text, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _sections(document, report: dict, h: dict, text: dict) -> None:
    t = report["totals"]
    kinds, contents, contract_kinds = kind_labels(), content_labels(), contract_kind_labels()
    document.add_paragraph().add_run("I. " + _("General situation and legal basis").upper()).bold = True
    for line in text["general"]:
        document.add_paragraph(line)
    document.add_paragraph().add_run("II. " + _("Results").upper()).bold = True
    document.add_paragraph().add_run("1. " + _("Funds")).bold = True
    _unit(document, _("Unit: million VND"))
    rows = [[f"{p['name']} ({p['year']})", _m(p["budget_vnd"]), _m(p["committed_vnd"]), _m(p["disbursed_vnd"]),
             number(p["disbursed_percent"], 1) if p["disbursed_percent"] is not None else "—", _m(p["counterpart_vnd"]),
             _m(p["support_vnd"])] for p in report["programmes"]]
    rows += [[text["fund_labels"][f["level"]], _m(f["budget_vnd"]), _m(f["committed_vnd"]), _m(f["disbursed_vnd"]),
              number(f["disbursed_percent"], 1) if f["disbursed_percent"] is not None else "—",
              _m(f["counterpart_vnd"]), _m(f["support_vnd"])] for f in report["funds"]]
    _table(document, [_("Programme"), _("Planned funds"), _("Committed funds"), _("Disbursed"),
                      _("Share disbursed") + " (%)", _("Counterpart funds"), _("Support in this report")],
           rows, totals=len(report["funds"]))
    for line in text["notes"]:
        _line(document, line, italic=True, size=11.5)
    document.add_paragraph().add_run("2. " + _("Beneficiaries")).bold = True
    _unit(document, _("Unit: enterprises and establishments; million VND"))
    total = [_("Total (each enterprise once)"), number(t["enterprises"]), number(t["grants"]), _m(t["support_vnd"])]
    _table(document, [_("Type of beneficiary"), _("Enterprises and establishments"), _("Grants"), _("Support funds")],
           [[kinds.get(g["kind"], g["kind"]), number(g["enterprises"]), number(g["grants"]), _m(g["support_vnd"])]
            for g in report["by_kind"]] + [total], totals=1)
    _table(document, [_("Support content"), _("Enterprises and establishments"), _("Grants"), _("Support funds")],
           [[contents[g["content"]], number(g["enterprises"]), number(g["grants"]), _m(g["support_vnd"])]
            for g in report["by_content"]] + [total], totals=1)
    _table(document, [_("Programme"), _("Decision"), _("Enterprises and establishments"), _("Grants"),
                      _("Support funds")],
           [[f"{p['name']} ({p['year']})", decision_phrase(p["decision_ref"], p["decision_date"]),
             number(p["enterprises"]), number(p["grants"]), _m(p["support_vnd"])] for p in report["programmes"]]
           + [[total[0], "", *total[1:]]], totals=1)
    if text["reconciliation"]:
        _line(document, text["reconciliation"], italic=True, size=11.5)
    _outcomes(document, report)
    document.add_paragraph().add_run("4. " + _("Fair participation and trade outcomes")).bold = True
    document.add_paragraph(_("The supported enterprises took %(booths)s booths, held %(meetings)s business-matching "
                             "meetings and collected %(leads)s leads.", booths=number(t["booths"]),
                             meetings=number(t["meetings"]), leads=number(t["leads"])))
    trade = report["trade"]
    _unit(document, _("Unit: documents; million VND; USD"))

    def sides(line):
        return [number(line["verified_count"]), _m(line["verified_value_vnd"]), number(line["verified_value_usd"], 0),
                number(line["declared_count"]), _m(line["declared_value_vnd"]), number(line["declared_value_usd"], 0)]
    verified, declared = _("Verified by the organizer"), _("Self-declared")
    _table(document, [_("Document kind"), f"{verified}: {_('Number')}", f"{verified}: {_('Million VND')}",
                      f"{verified}: USD", f"{declared}: {_('Number')}", f"{declared}: {_('Million VND')}",
                      f"{declared}: USD"],
           [[contract_kinds[k["kind"]], *sides(k)] for k in trade["by_kind"]] + [[_("Total"), *sides(trade["total"])]],
           totals=1)
    if trade["exports"]:
        _unit(document, _("Unit: USD"))
        _table(document, [_("Buyer country"), _("Contracts and orders"), _("Export value (USD)")],
               [[e["name"], number(e["count"]), number(e["value_usd"], 0)] for e in trade["exports"]]
               + [[_("Total"), number(trade["exports_total"]["count"]),
                   number(trade["exports_total"]["value_usd"], 0)]], totals=1)
    document.add_paragraph().add_run("5. " + _("By province")).bold = True
    _unit(document, _("Unit: enterprises and establishments; million VND"))
    _table(document, [_("Province"), _("Enterprises and establishments"), _("Grants"), _("Support funds"),
                      _("Contracts"), _("Contract value")],
           [[g["province"], number(g["enterprises"]), number(g["grants"]), _m(g["support_vnd"]),
             number(g["contracts"]), _m(g["contract_value_vnd"])] for g in report["by_province"]]
           + [[_("Total"), number(t["enterprises"]), number(t["grants"]), _m(t["support_vnd"]),
               number(t["contracts"]), _m(t["contract_value_vnd"])]], totals=1)
    document.add_paragraph().add_run("III. " + _("Assessment, shortcomings and recommendations").upper()).bold = True
    paragraphs = [line for line in h["assessment"].split("\n") if line.strip()] or ["……"]
    for line in paragraphs:
        document.add_paragraph(line)


def _outcomes(document, report: dict) -> None:
    document.add_paragraph().add_run("3. " + _("Outcomes of the projects")).bold = True
    outcomes = report["outcomes"]
    if not outcomes["projects"]:
        document.add_paragraph(_("No project outcomes were recorded in the period."))
        return
    keys = ("beneficiaries", "trainees", "employed_after", "jobs_created", "new_designs", "typical_products",
            "machines")
    _unit(document, _("Unit: persons; designs; products; machines and models"))
    _table(document, [_("Project"), _("Beneficiaries"), _("Trainees"), _("Employed afterwards"), _("Jobs created"),
                      _("New product designs"), _("Typical products recognised"), _("Machines and models")],
           [[f"{p['code']} – {p['name']}", *(number(p[key]) for key in keys)] for p in outcomes["projects"]]
           + [[_("Total"), *(number(outcomes["total"][key]) for key in keys)]], totals=1)


def _signature(document, h: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.paragraphs[0].runs[0].italic = True
    recipients = h["recipients"] or ["……", "Lưu: VT."]
    for index, line in enumerate(recipients):
        end = ("" if line.endswith(".") else ".") if index == len(recipients) - 1 else ";"
        _line(left, f"- {line}{end}", size=11)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].alignment = centre
    if h["signer_authority"]:
        right.paragraphs[0].add_run(h["signer_authority"].upper()).bold = True
        _line(right, (h["signer_title"] or "……").upper(), bold=True, align=centre)
    else:
        right.paragraphs[0].add_run((h["signer_title"] or "……").upper()).bold = True
    for _blank in range(4):
        _line(right, "", align=centre)
    _line(right, h["signer_name"], bold=True, align=centre)


def _annex(document, report: dict, h: dict) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _line(document, _("ANNEX"), bold=True, align=centre)
    _line(document, _("LIST OF SUPPORTED ENTERPRISES AND ESTABLISHMENTS"), bold=True, align=centre)
    _line(document, "(" + _("Attached to Report No. %(number)s of %(date)s of %(agency)s", number=h["number"],
                            date=day(h["today"]), agency=h["agency_name"] or "……") + ")", italic=True, align=centre)
    _unit(document, _("Unit: VND"))
    kinds, t = kind_labels(), report["totals"]
    _table(document, [_("No."), _("Enterprise"), _("Province"), _("Type of enterprise"), _("Booths"),
                      _("Support (VND)"), _("Contracts"), _("Contract value (VND)")],
           [[str(index), row["name"], row["province"], kinds.get(row["kind"], row["kind"]), number(row["booths"]),
             number(row["support_vnd"]), number(row["contracts"]), number(row["contract_value_vnd"])]
            for index, row in enumerate(report["enterprises"], start=1)]
           + [["", _("Total"), "", "", number(t["booths"]), number(t["support_vnd"]), number(t["contracts"]),
               number(t["contract_value_vnd"])]], totals=1)


def report_docx(report: dict, heading: dict) -> bytes:
    """The report as DOCX bytes, in Vietnamese, under the issuing agency's `heading`."""
    with force_locale("vi"):
        document = Document()
        _setup(document)
        _heading(document, heading)
        _line(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format \
            .space_before = Pt(12)
        _line(document, _("Results of support to enterprises and rural industrial establishments taking part in "
                          "trade fairs") + " " + heading["period_title"], bold=True, size=14,
              align=WD_ALIGN_PARAGRAPH.CENTER)
        document.add_paragraph()
        _sections(document, report, heading, document_text(report, heading))
        _signature(document, heading)
        _annex(document, report, heading)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

"""Benchmark: badge PDFs. QR codes, one badge warm, bulk pages from visitor data, and the memory of 5,000 badges.

Run: python -m bench.badges [--bulk 1000] [--memory 5000] [--json bench/badges.json]

Every bulk figure is the time from visitor rows to the joined PDF, as the print job does it: sign each
badge's code, make its QR code, render chunks of 200 badges one after another and join them with pypdf.
"before" is the previous pipeline measured in the same run: QR codes by the qrcode package choosing the
best of its 8 mask patterns, and every size, sheets included, laid out by WeasyPrint. The baselines, same
run, are the fixed cost of any PDF: a one-page document with one line of text, by WeasyPrint and by
ReportLab. The memory figures are the peak RSS of a separate process printing --memory badges on sheets.
"""

import argparse
import base64
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import qrcode
from flask import render_template
from PIL import Image
from pypdf import PdfWriter
from reportlab.pdfgen.canvas import Canvas

from app import create_app
from bench.common import best_of, report
from core.pdf import html_to_pdf
from fairs.models import Fair
from visitors.badge_codes import new_seed, sign_code
from visitors.badge_sheets import BadgeFace
from visitors.badges import PIXELS_PER_MODULE, TYPE_WORDS, badges_pdf, html_badges_pdf, qr_data_url
from visitors.printing import CHUNK
from visitors.qr_matrix import qr_rows
from visitors.vocabulary import TYPE_COLOURS

SEED, _PUBLIC = new_seed(bytes(range(32)))
FAIR = Fair(id=7, code="BENCH", name_vi="Hội chợ quốc tế Quà tặng hàng thủ công mỹ nghệ Hà Nội", name_en="Bench")
PER_PAGE = {"a6": 1, "sheet": 8}


def visitor_rows(count: int) -> list[tuple]:
    """What the print job reads for `count` visitors: name, organisation, origin, type and badge serial."""
    return [(f"Nguyễn Thị Phương Thảo {n}", "Công ty TNHH Gốm sứ Bát Tràng", "Hà Nội", "trade_buyer", n + 1)
            for n in range(count)]


def faces(rows: list[tuple]) -> list[BadgeFace]:
    """The badge faces of visitor rows, each with its freshly signed code."""
    return [BadgeFace(name, organisation, origin, *TYPE_WORDS[kind], TYPE_COLOURS[kind], sign_code(7, serial, SEED),
                      f"{serial:06d}") for name, organisation, origin, kind, serial in rows]


def qr_matrix_before(code: str) -> list[list[bool]]:
    """The QR modules as the qrcode package makes them by default: the best of its 8 mask patterns."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(code)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_data_url_before(code: str) -> str:
    """The previous qr_data_url: the same grey PNG from qrcode's best-mask matrix."""
    modules = qr_matrix_before(code)
    pixels = bytes(0 if dark else 255 for row in modules for dark in row)
    image = Image.frombytes("L", (len(modules), len(modules)), pixels)
    buffer = io.BytesIO()
    image.resize((image.width * PIXELS_PER_MODULE, image.height * PIXELS_PER_MODULE), Image.NEAREST).save(
        buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def pdf_before(chunk: list[BadgeFace], size: str) -> bytes:
    """The previous badges_pdf: WeasyPrint for every size, QR codes by qrcode's best mask."""
    badges = [(face, qr_data_url_before(face.code)) for face in chunk]
    return html_to_pdf(render_template("visitors/badges_pdf.html", fair=FAIR, badges=badges, size=size))


RENDERERS = {
    "now": lambda chunk, size: badges_pdf(FAIR, chunk, size=size),
    "weasyprint": lambda chunk, size: html_badges_pdf(FAIR, chunk, size=size),
    "before": pdf_before,
}


def print_in_chunks(rows: list[tuple], size: str, renderer: str) -> bytes:
    """What the print job does: chunks of visitor rows to faces to PDFs one after another, joined by pypdf."""
    writer = PdfWriter()
    for start in range(0, len(rows), CHUNK):
        writer.append(io.BytesIO(RENDERERS[renderer](faces(rows[start:start + CHUNK]), size)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def per_page_ms(rows: list[tuple], size: str, renderer: str) -> tuple[float, int]:
    """Milliseconds a page for printing `rows` in `size`, and the PDF's size in bytes."""
    started = time.perf_counter()
    pdf = print_in_chunks(rows, size, renderer)
    elapsed = time.perf_counter() - started
    return elapsed * 1000 / -(-len(rows) // PER_PAGE[size]), len(pdf)


def per_code_ms(work, codes: list[str]) -> float:
    """Best of 3 of the mean milliseconds `work` takes a code."""
    best, _median, _ = best_of(3, lambda: [work(code) for code in codes])
    return best * 1000 / len(codes)


def reportlab_one_page() -> bytes:
    """The drawn sheets' fixed cost: ReportLab writing a one-page PDF with one line of text."""
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Hoi cho")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def memory_child(count: int, renderer: str) -> None:
    """Child process: print `count` badges on sheets, then print the peak RSS in MB."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench", "APP_ENV": "development"})
    with app.app_context():
        print_in_chunks(visitor_rows(count), "sheet", renderer)
    print(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))


def peak_rss(count: int, renderer: str) -> float:
    """Peak RSS in MB of a fresh process printing `count` badges on sheets with `renderer`."""
    child = subprocess.run([sys.executable, "-m", "bench.badges", "--child", str(count), "--renderer", renderer],
                           capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    return float(child.stdout.strip().splitlines()[-1])


def row(measure: str, now, before="", baseline="", note="") -> dict:
    """One line of the table."""
    return {"measure": measure, "now": now, "before": before, "baseline": baseline, "note": note}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--memory", type=int, default=5000)
    parser.add_argument("--json", default=None)
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--renderer", default="now", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory_child(args.child, args.renderer)
        return
    load_before = os.getloadavg()[0]
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench", "APP_ENV": "development"})
    with app.app_context():
        one = visitor_rows(1)
        for renderer in RENDERERS:  # warm up fonts, templates and the QR layout
            RENDERERS[renderer](faces(one), "a6")
            RENDERERS[renderer](faces(one), "sheet")
        codes = [face.code for face in faces(visitor_rows(200))]
        plain = "<!doctype html><html><body><p>Hội chợ</p></body></html>"
        weasy_base, weasy_base_median, _ = best_of(10, lambda: html_to_pdf(plain))
        drawn_base, _median, _ = best_of(10, reportlab_one_page)
        one_now, one_now_median, _ = best_of(10, lambda: badges_pdf(FAIR, faces(one), size="a6"))
        one_before, _median, _ = best_of(10, lambda: pdf_before(faces(one), "a6"))
        weasy_ms, drawn_ms = round(weasy_base * 1000, 1), round(drawn_base * 1000, 2)
        rows = [
            row("QR code: module matrix (ms per code)", round(per_code_ms(qr_rows, codes), 3),
                round(per_code_ms(qr_matrix_before, codes), 3), "", "before: qrcode, best of 8 masks"),
            row("QR code: PNG data: URL for WeasyPrint (ms per code)", round(per_code_ms(qr_data_url, codes), 3),
                round(per_code_ms(qr_data_url_before, codes), 3)),
            row("one A6 badge, warm, signing and QR included (ms, best of 10)", round(one_now * 1000, 1),
                round(one_before * 1000, 1), weasy_ms,
                f"median {one_now_median * 1000:.1f}; baseline: WeasyPrint one-page PDF "
                f"(median {weasy_base_median * 1000:.1f})"),
        ]
        bulk = visitor_rows(args.bulk)
        sheets = -(-args.bulk // 8)
        for label, size, renderer, baseline in (
                (f"bulk {args.bulk} badges, A6 ({args.bulk} pages): ms per page", "a6", "now", weasy_ms),
                (f"bulk {args.bulk} badges, A4 sheets of 8 ({sheets} pages), drawn by ReportLab: ms per page",
                 "sheet", "now", drawn_ms),
                (f"bulk {args.bulk} badges, A4 sheets of 8 ({sheets} pages), WeasyPrint (comparison): ms per page",
                 "sheet", "weasyprint", weasy_ms)):
            now, size_now = per_page_ms(bulk, size, renderer)
            before = per_page_ms(bulk, size, "before")[0] if renderer != "weasyprint" else ""
            rows.append(row(label, round(now, 2), round(before, 2) if before else "", baseline,
                            f"{size_now / 1024 / 1024:.1f} MB PDF"))
    rows.append(row(f"{args.memory} badges on sheets, in chunks of {CHUNK}: peak RSS (MB)",
                    peak_rss(args.memory, "now"), peak_rss(args.memory, "before")))
    report("Badge PDFs", rows, args.json, extra={
        "chunk": CHUNK, "load_average_1min": {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)},
        "baselines": {"weasyprint_one_page_ms": weasy_ms, "reportlab_one_page_ms": drawn_ms}})


if __name__ == "__main__":
    main()

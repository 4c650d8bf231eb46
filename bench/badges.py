"""Benchmark: badge PDFs. One badge warm, bulk pages, and the memory of printing 5,000 badges in chunks.

Run: python -m bench.badges [--bulk 1000] [--memory 5000] [--json bench/badges.json]

The baseline, measured in the same run, is WeasyPrint rendering a one-page document with one line
of text: the fixed cost any PDF pays. Bulk printing renders chunks of 200 badges (as the print
job does) and joins them with pypdf; the memory figure is the peak RSS of a separate process that
prints --memory badges on A4 sheets of 8.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import time

from pypdf import PdfWriter

from app import create_app
from bench.common import best_of, report
from core.pdf import html_to_pdf
from fairs.models import Fair
from visitors.badge_codes import new_seed, sign_code
from visitors.badges import BadgeFace, badges_pdf, qr_data_url
from visitors.printing import CHUNK

SEED, _PUBLIC = new_seed(bytes(range(32)))
FAIR = Fair(id=7, code="BENCH", name_vi="Hội chợ quốc tế Quà tặng hàng thủ công mỹ nghệ Hà Nội", name_en="Bench")


def faces(count: int) -> list[BadgeFace]:
    """`count` badge faces with real signed codes and Vietnamese names."""
    return [BadgeFace(f"Nguyễn Thị Phương Thảo {n}", "Công ty TNHH Gốm sứ Bát Tràng", "Hà Nội", "Khách thương mại",
                      "Trade buyer", "#1d5fa8", qr_data_url(sign_code(7, n + 1, SEED)), f"{n:06d}")
            for n in range(count)]


def print_in_chunks(all_faces: list[BadgeFace], size: str) -> bytes:
    """What the print job does: chunks rendered one after another, joined by pypdf."""
    writer = PdfWriter()
    for start in range(0, len(all_faces), CHUNK):
        writer.append(io.BytesIO(badges_pdf(FAIR, all_faces[start:start + CHUNK], size=size)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def memory_child(count: int) -> None:
    """Child process: print `count` badges on sheets, then print the peak RSS in MB."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    with app.app_context():
        writer = PdfWriter()
        for start in range(0, count, CHUNK):
            writer.append(io.BytesIO(badges_pdf(FAIR, faces(min(CHUNK, count - start)), size="sheet")))
        writer.write(io.BytesIO())
    print(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--memory", type=int, default=5000)
    parser.add_argument("--json", default=None)
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory_child(args.child)
        return
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    with app.app_context():
        one = faces(1)
        badges_pdf(FAIR, one, size="a6")  # warm up fonts and templates
        plain = "<!doctype html><html><body><p>Hội chợ</p></body></html>"
        base_time, base_median, _ = best_of(10, lambda: html_to_pdf(plain))
        one_time, one_median, _ = best_of(10, lambda: badges_pdf(FAIR, faces(1), size="a6"))
        many = faces(args.bulk)
        rows = [
            {"measure": "one A6 badge, warm (ms)", "badges": round(one_time * 1000, 1),
             "baseline_one_page_pdf": round(base_time * 1000, 1), "median_ms": round(one_median * 1000, 1),
             "baseline_median_ms": round(base_median * 1000, 1)},
        ]
        for size, per_page in (("a6", 1), ("sheet", 8)):
            started = time.perf_counter()
            pdf = print_in_chunks(many, size)
            elapsed = time.perf_counter() - started
            pages = -(-args.bulk // per_page)
            rows.append({"measure": f"bulk {args.bulk} badges, {size} ({pages} pages): ms per page",
                         "badges": round(elapsed * 1000 / pages, 2),
                         "baseline_one_page_pdf": round(base_time * 1000, 1),
                         "median_ms": f"{len(pdf) / 1024 / 1024:.1f} MB PDF", "baseline_median_ms": ""})
    child = subprocess.run([sys.executable, "-m", "bench.badges", "--child", str(args.memory)], capture_output=True,
                           text=True, check=True, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    peak = float(child.stdout.strip().splitlines()[-1])
    rows.append({"measure": f"{args.memory} badges on sheets, in chunks of {CHUNK}: peak RSS (MB)", "badges": peak,
                 "baseline_one_page_pdf": "", "median_ms": "", "baseline_median_ms": ""})
    report("Badge PDFs", rows, args.json, extra={"chunk": CHUNK})


if __name__ == "__main__":
    main()

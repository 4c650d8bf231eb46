"""HTML to PDF with WeasyPrint, never fetching anything from the network or the disk."""

import gc
import io
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

# WeasyPrint reports every rendering step at INFO; keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

ROOT = Path(__file__).resolve().parents[1]
PART_TIMEOUT_S = 120  # a part of the largest report renders in about 6 s; a stuck one is stopped
# One split render at a time in a process: each starts an interpreter a CPU, so two at once only queue.
_SPLIT_RENDERS = threading.BoundedSemaphore(1)


def data_only_fetcher() -> URLFetcher:
    """A fetcher that allows only data: URLs, so user text can never make WeasyPrint read files or call servers."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector for a block (left off if it was off already)."""
    # WeasyPrint keeps hundreds of thousands of boxes alive while it lays a document out; the collector's passes
    # over them took a quarter of a 110-page report's time and freed nothing (peak memory is the same without).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def html_to_pdf(html: str, *, stylesheets: list[str] = ()) -> bytes:
    """Render a complete HTML document (styles inline or given as CSS strings) to PDF bytes."""
    fetcher = data_only_fetcher()
    sheets = [CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
    with without_cycle_collector():
        return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(stylesheets=sheets)


def parallel_parts() -> int:
    """How many parts a long document is worth splitting into: one per CPU this process may use that is free now
    (by the last minute's load average), at most 4, at least 1."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        free = cpus - os.getloadavg()[0]
    except OSError:  # no load average on this system: assume the CPUs are free
        free = cpus
    # A part on a busy CPU only shares it: with the other core taken, two parts took longer than one document
    # (12.7 s against 11.0 s; a part's interpreter start and the page numbering are extra work), so only free CPUs
    # get a part.
    return max(1, min(4, cpus, int(free + 0.5)))


def _render_in_subprocess(html: str) -> bytes:
    # A fresh interpreter rather than a fork: the web server may have threads holding locks (Pango's, the
    # database pool's) that a forked child would inherit locked.
    done = subprocess.run([sys.executable, "-m", "core.pdf"], input=html.encode(), capture_output=True,
                          cwd=ROOT, timeout=PART_TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"PDF part failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout


def parts_to_pdf(parts: list[str], *, page_css: str) -> bytes:
    """Render complete HTML documents at once (the first here, the others in subprocesses), join them in order and
    number every page with `page_css` (an @page rule whose margin box shows counter(page) and counter(pages))."""
    with _SPLIT_RENDERS, ThreadPoolExecutor(max_workers=max(1, len(parts) - 1)) as pool:
        others = [pool.submit(_render_in_subprocess, html) for html in parts[1:]]
        pdfs = [html_to_pdf(parts[0])] + [future.result() for future in others]
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    return stamp_page_numbers(writer, page_css)


def stamp_page_numbers(writer: PdfWriter, page_css: str) -> bytes:
    """Overlay page numbers laid out by WeasyPrint (blank pages with `page_css`) on every page of `writer`."""
    count = len(writer.pages)
    blanks = f"<style>{page_css} div + div {{ break-before: page; }}</style>" + "<div></div>" * count
    overlay = PdfReader(io.BytesIO(html_to_pdf(blanks)))
    for page, numbers in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(numbers)
        page.compress_content_streams()  # merging leaves the page's content uncompressed, ten times the size
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


if __name__ == "__main__":  # one part of parts_to_pdf: HTML on stdin, PDF on stdout
    sys.stdout.buffer.write(html_to_pdf(sys.stdin.buffer.read().decode()))

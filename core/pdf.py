"""HTML to PDF with WeasyPrint, never fetching anything from the network or the disk."""

import logging

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

# WeasyPrint reports every rendering step at INFO; keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def data_only_fetcher() -> URLFetcher:
    """A fetcher that allows only data: URLs, so user text can never make WeasyPrint read files or call servers."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def html_to_pdf(html: str, *, stylesheets: list[str] = ()) -> bytes:
    """Render a complete HTML document (styles inline or given as CSS strings) to PDF bytes."""
    fetcher = data_only_fetcher()
    sheets = [CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(stylesheets=sheets)

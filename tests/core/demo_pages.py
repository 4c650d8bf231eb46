"""Walk the demo's pages as each role sees them, and read what a person reads on them.

Used by test_pages_speak_vietnamese.py: the crawler follows the links of each role's pages
(same site, no downloads, no logout) and submits every form empty, to make errors appear.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

SKIPPED_LINKS = re.compile(r"/logout|/lang/|\.(csv|xlsx|pdf|svg|json|png|ics)(\?|$)|/download|/static/|/api/")
# Forms whose empty submission would change the demo for the rest of the walk rather than show an error.
SKIPPED_ACTIONS = re.compile(r"logout|/lang/|revoke|withdraw|cancel|publish|status|lifecycle|commit|allocat|"
                             r"delete|remove|block|unlock|lock|swap|reissue|print|deliver|decide|payment|tokens")
SILENT_TAGS = {"script", "style", "code", "pre", "title", "textarea"}


@dataclass
class Page:
    """What a reader sees on one page: its text pieces, links and forms."""

    url: str
    texts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page, self.silent, self.form = page, 0, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SILENT_TAGS:
            self.silent += 1
        if tag == "a" and attributes.get("href"):
            self.page.links.append(attributes["href"])
        if tag == "form":
            self.form = {"method": (attributes.get("method") or "get").lower(), "action": attributes.get("action"),
                         "fields": {}, "visible": 0}
            self.page.forms.append(self.form)
        if self.form is not None and tag in ("input", "select", "textarea") and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            keep = attributes.get("value", "") if kind == "hidden" else ""
            self.form["fields"][attributes["name"]] = keep
            if kind not in ("hidden", "submit", "button", "checkbox", "radio", "file"):
                self.form["visible"] += 1
        if "title" in attributes and attributes["title"]:
            self.page.texts.append(attributes["title"])

    def handle_endtag(self, tag):
        if tag in SILENT_TAGS and self.silent:
            self.silent -= 1
        if tag == "form":
            self.form = None

    def handle_data(self, data):
        if not self.silent and data.strip():
            self.page.texts.append(data.strip())


def read_page(url: str, html: str) -> Page:
    """The text pieces, links and forms of `html`."""
    page = Page(url)
    _Reader(page).feed(html)
    return page


def _local(url: str, href: str) -> str | None:
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != "localhost":
        return None
    path = parts.path if parts.path.startswith("/") else url.rsplit("/", 1)[0] + "/" + parts.path
    target = path + (f"?{parts.query}" if parts.query else "")
    return None if SKIPPED_LINKS.search(target) else target


def _shape(url: str) -> str:
    """Pages that differ only by ids or filters count once (/fairs/3/booths/A-01 ~ /fairs/3/booths/A-02)."""
    path = urlsplit(url).path
    return re.sub(r"/[^/]*\d[^/]*", "/#", path)


def walk(client, starts: list[str], *, limit: int = 160, per_shape: int = 2, submit_forms: bool = True):
    """Yield (url, status, page) for the pages reachable from `starts`, then for each form submitted empty."""
    seen, shapes, queue = set(), {}, list(starts)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        shape = _shape(url)
        if shapes.get(shape, 0) >= per_shape and url not in starts:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        if response.status_code in (301, 302, 303):
            target = _local(url, response.headers["Location"])
            if target:
                queue.append(target)
            continue
        if not response.mimetype == "text/html":
            continue
        page = read_page(url, response.get_data(as_text=True))
        yield url, response.status_code, page
        queue.extend(target for target in (_local(url, href) for href in page.links) if target)
        if not submit_forms:
            continue
        for form in page.forms:
            action = _local(url, form["action"] or url) or ""
            if form["method"] != "post" or not form["visible"] or not action or SKIPPED_ACTIONS.search(action):
                continue
            answer = client.post(action, data=form["fields"])
            if answer.mimetype == "text/html" and answer.status_code not in (301, 302, 303):
                yield f"POST {action}", answer.status_code, read_page(action, answer.get_data(as_text=True))

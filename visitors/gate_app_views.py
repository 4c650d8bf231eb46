"""The scanner as an installed app: its web app manifest, its service worker, and what the worker precaches.

The worker (`static/js/gate_sw.js`) is served from `/gate-sw.js` so that its scope (`/`) covers both `/gate` and
`/fairs/<id>/scan`; it is sent with `Cache-Control: no-cache`, so the browser sees a new version at the next
visit. Its cache is named after a hash of the shell's files and templates (`shell_version`): change one and the
next worker precaches afresh and deletes the old cache. Only the scanner's shell is cached (its pages for the
fairs the staff member is assigned to, the CSS, scripts, decoder, icons); the badge list and queued scans live
in IndexedDB, written by the scanner page itself.
"""

import hashlib
import json
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Response, current_app, jsonify, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from core.auth import role_required
from core.db import utcnow
from core.extensions import db
from fairs.gates import gate_days_of, gate_fairs_of
from visitors import bp

GATE_ROLES = ("organizer", "staff")
# The scanner's shell: what the scanner page loads (static/ paths), cached by the service worker.
SHELL_STATIC = ("css/app.css", "favicon.svg", "js/confirm.js", "js/scroll_regions.js", "js/gate_app.js",
                "js/logout_cleanup.js", "vendor/tweetnacl-1.0.3/nacl-fast.min.js", "vendor/jsqr-1.4.0/jsQR.js",
                "js/qr_camera.js", "js/gate_codes.js", "js/gate_store.js", "js/scanner.js", "icons/gate-192.png",
                "icons/gate-512.png", "icons/gate-maskable-512.png")
SHELL_TEMPLATES = ("base.html", "visitors/scanner.html", "visitors/gate_home.html", "visitors/_nav.html")
THEME_COLOUR = "#1d5fa8"


@cache
def _shell_version(static_folder: str, template_folder: str) -> str:
    digest = hashlib.sha256()
    for folder, names in ((static_folder, SHELL_STATIC + ("js/gate_sw.js",)), (template_folder, SHELL_TEMPLATES)):
        for name in names:
            digest.update(name.encode())
            digest.update((Path(folder) / name).read_bytes())
    return digest.hexdigest()[:16]


def shell_version() -> str:
    """A hash of the shell's files and templates, read once per process: the name of the worker's cache."""
    return _shell_version(current_app.static_folder, str(Path(current_app.root_path) / "templates"))


@bp.get("/gate/manifest.webmanifest")
def gate_manifest():
    """The scanner's web app manifest (public: browsers fetch it without cookies)."""
    icon = "icons/gate-{}.png"
    manifest = {
        "id": url_for("visitors.gate_home"), "name": "Máy quét cổng hội chợ", "short_name": "Máy quét cổng",
        "description": "Quét thẻ khách tại cổng hội chợ, cả khi mất mạng.", "lang": "vi",
        "start_url": url_for("visitors.gate_home"), "scope": "/", "display": "standalone",
        "orientation": "portrait", "theme_color": THEME_COLOUR, "background_color": "#ffffff",
        "icons": [{"src": url_for("static", filename=icon.format("192")), "sizes": "192x192", "type": "image/png"},
                  {"src": url_for("static", filename=icon.format("512")), "sizes": "512x512", "type": "image/png"},
                  {"src": url_for("static", filename=icon.format("maskable-512")), "sizes": "512x512",
                   "type": "image/png", "purpose": "maskable"}],
    }
    response = Response(json.dumps(manifest, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/gate-sw.js")
def gate_service_worker():
    """The scanner's service worker, with its version and shell files written in."""
    source = (Path(current_app.static_folder) / "js" / "gate_sw.js").read_text(encoding="utf-8")
    preamble = "var SHELL_VERSION = {};\nvar SHELL_FILES = {};\nvar SHELL_INFO = {};\n".format(
        json.dumps(shell_version()), json.dumps([url_for("static", filename=name) for name in SHELL_STATIC]),
        json.dumps(url_for("visitors.gate_offline")))
    response = Response(preamble + source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/gate/offline.json")
@role_required(*GATE_ROLES)
def gate_offline():
    """What the worker precaches for this staff member: the scanners of their fairs not over yet, with their
    gate days (so that `/gate` offline opens today's), and the list of them all."""
    timezone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    today = utcnow().astimezone(timezone).date()
    fairs = []
    for fair in gate_fairs_of(db.session, current_user):
        days = gate_days_of(fair)
        if days.ends_on >= today:
            fairs.append({"id": fair.id, "code": fair.code, "url": url_for("visitors.scanner", fair_id=fair.id),
                          "opens_on": days.opens_on.isoformat(), "ends_on": days.ends_on.isoformat()})
    response = jsonify({"version": shell_version(), "fairs": fairs,
                        "chooser": url_for("visitors.gate_home", list=1)})
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/gate/session.json")
@role_required(*GATE_ROLES)
def gate_session():
    """A fresh CSRF token for a scanner page opened from the cache, before it sends its queued scans."""
    response = jsonify({"csrf": generate_csrf()})
    response.headers["Cache-Control"] = "private, no-store"
    return response

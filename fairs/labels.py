"""Human labels of fair statuses, translated at render time."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open for applications"),
    "allocating": _l("Allocating booths"),
    "published": _l("Floor plan published"),
    "running": _l("Running"),
    "closed": _l("Closed"),
}

"""Names of the support package's stored words, in the reader's language."""

from flask_babel import lazy_gettext as _l

LEVEL_LABELS = {"national": _l("National"), "provincial": _l("Provincial")}
CONTENT_LABELS = {
    "fair_participation": _l("Fair participation"),
    "booth_fee": _l("Booth fee"),
    "travel": _l("Travel"),
    "training": _l("Training"),
    "machinery": _l("Machinery and technology"),
    "product_design": _l("Product design"),
    "other": _l("Other"),
}
STATUS_LABELS = {"planned": _l("Planned"), "approved": _l("Approved"), "disbursed": _l("Disbursed"),
                 "cancelled": _l("Cancelled")}
PROJECT_STATUS_LABELS = {"approved": _l("Approved"), "contracted": _l("Contracted"), "advanced": _l("Advance paid"),
                         "accepted": _l("Accepted (nghiệm thu)"), "settled": _l("Settled (quyết toán)")}

"""Words of the visitors package (stored values; labels live in forms.py)."""

VISITOR_TYPES = ("trade_buyer", "visitor", "press", "vip", "exhibitor_staff")
PUBLIC_TYPES = ("trade_buyer", "visitor", "press", "vip")  # exhibitor_staff is created by exhibitors
VISITOR_SOURCES = ("web", "desk", "import", "staff", "api", "demo")
SCAN_RESULTS = ("admitted", "already_admitted", "invalid", "wrong_fair", "revoked", "not_open")
OFFLINE_RESULTS = SCAN_RESULTS + ("setup_only",)  # what a scanner may say offline (set-up day, badge unknown to it)
BADGE_SIZES = ("a6", "cr80", "sheet")
TYPE_COLOURS = {"trade_buyer": "#1d5fa8", "visitor": "#3a7d44", "press": "#7b3fa0", "vip": "#b8860b",
                "exhibitor_staff": "#b3261e"}

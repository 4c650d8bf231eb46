"""The closed lists the booth layout uses. Pure module."""

ZONE_KINDS = ("international", "domestic", "technical", "pavilion")
BOOTH_TYPES = ("standard", "corner", "island", "raw_space")
BOOTH_STATUSES = ("available", "held", "assigned", "blocked")
COLOUR_MODES = ("status", "zone", "province", "country")

DEFAULT_ZONE_COLOURS = {
    "international": "#4f7cc4",
    "domestic": "#e0a33a",
    "technical": "#7a9a53",
    "pavilion": "#b5648c",
}

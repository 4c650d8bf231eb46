"""The allocation engine's facts in words: a waitlist reason and one sentence per application.

Example: "B-12–B-13: Hải Phòng pavilion, your first choice of zone; B-10 was taken by a
higher-priority applicant." Worded in the active language (the page's, or the API caller's).
"""

from flask_babel import gettext as _

from core.i18n import number, percent
from core.reference.countries import country_name


def reason_text(code: str) -> str:
    """A waitlist reason in the user's language."""
    return {
        "no_eligible_zone": _("No zone of this fair fits the application."),
        "over_fair_share": _("The zone is full: its booths were shared among provinces and countries by demand."),
        "no_contiguous_block": _("No free block of enough neighbouring booths is left in the eligible zones."),
        "competitor_beside": _("Every free block of enough neighbouring booths is beside a competitor's booths."),
    }.get(code, code)


def metric_rows(metrics: dict) -> list[tuple[str, str, str]]:
    """(key, label, shown value) for a run's metrics, in a fixed order, rates as percentages."""
    labels = {
        "booths_requested": _("Booths requested"),
        "booths_granted": _("Booths granted"),
        "fill_rate": _("Free booths filled"),
        "contiguity": _("Blocks in one piece (must be 100 %)"),
        "competitor_adjacencies": _("Competitors side by side (must be 0)"),
        "worst_share_deviation": _("Worst gap from a fair share (booths)"),
        "preference_hit_rate": _("Preferred booths honoured"),
        "neighbour_wish_hit_rate": _("Neighbour wishes honoured"),
        "group_compactness_m": _("Mean distance to the group's centre (m)"),
        "clusters_per_group": _("Separate clusters per province or country in a zone"),
        "waitlisted": _("Applications on the waiting list"),
        "runtime_seconds": _("Engine time (s)"),
    }
    rates = {"fill_rate", "contiguity", "preference_hit_rate", "neighbour_wish_hit_rate"}
    rows = []
    for key, label in labels.items():
        if key in metrics:
            value = metrics[key]
            rows.append((key, label, percent(value) if key in rates else number(value)))
    return rows


def group_label(group: str, language: str) -> str:
    """'VN:Huế' -> 'Huế'; a country code -> the country's name."""
    if group.startswith("VN:"):
        return group[3:]
    return country_name(group, language) if group else ""


def booth_range(codes: list[str]) -> str:
    """'B-12–B-13' for a block, or the single code."""
    if not codes:
        return ""
    ordered = sorted(codes)
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}–{ordered[-1]}"


def _zone_choice(facts: dict) -> str:
    rank = (facts.get("zone_rank") or 0) + 1
    if facts.get("chose_zones"):
        if rank == 1:
            return _("your first choice of zone")
        if rank == 2:
            return _("your second choice of zone")
        return _("your choice %(n)d of zone", n=rank)
    if rank == 1:
        return _("the first zone open to your origin")
    return _("another zone open to your origin, as the first was full")


def _missed(code: str, why: str) -> str:
    return {
        "taken_by_higher_priority": _("%(code)s was taken by a higher-priority applicant", code=code),
        "taken_earlier": _("%(code)s was taken by an earlier applicant", code=code),
        "taken_before_run": _("%(code)s was already assigned", code=code),
        "blocked": _("%(code)s is not available", code=code),
    }.get(why, _("%(code)s had no room for a block of your size", code=code))


def explanation_text(facts: dict | None, codes: list[str], zone_names: dict[int, str], language: str) -> str:
    """One sentence saying where an application was placed and why, or why it waits."""
    if not facts:
        return ""
    missed = "; ".join(_missed(code, why) for code, why in facts.get("missed") or [])
    origin = group_label(facts.get("group", ""), language)
    if facts.get("outcome") == "waitlisted":
        sentence = _("Waiting list: %(reason)s", reason=reason_text(facts.get("reason") or ""))
        if facts.get("share") is not None and facts.get("demand"):
            sentence += " " + _("%(origin)s's fair share is %(share)d of the %(demand)d booths it asked for.",
                                origin=origin, share=facts["share"], demand=facts["demand"])
            if facts.get("reason") == "over_fair_share" and facts.get("granted") is not None:
                sentence += " " + _("Its exhibitors already have %(granted)d booths there.", granted=facts["granted"])
        return sentence + (f" ({missed})" if missed else "")
    zone = zone_names.get(facts.get("zone_id"), "")
    how = {
        "preferred": _("the booth you preferred"),
        "near": _("beside the exhibitor you wished to be near"),
        "leftover": _("from booths another group could not use"),
        "repacked": _("after other blocks were moved within the zone to make room"),
    }.get(facts.get("outcome"), "")
    parts = [f"{zone}, {_zone_choice(facts)}"]
    if how:
        parts.append(how)
    sentence = f"{booth_range(codes)}: " + ", ".join(parts)
    if origin:
        sentence += " " + _("(with the other exhibitors from %(origin)s)", origin=origin)
    return sentence + (f"; {missed}" if missed else "") + "."

"""Every reason and sentence of the allocation a user can see, and its measures on cases where they are not zero.

The engine's small decision functions (`_why_missed`, `_Avoid`), the sentences of text.py and the measures of
metrics.py, each against hand-worked values; then each waitlist reason and missed-booth reason produced by a
real allocation on a row of booths, in words. Fast enough to run once per mutant (bench/mutation.py).
"""

from collections import defaultdict
from dataclasses import asdict

import pytest
from flask_babel import force_locale

from booths.allocation import engine, metrics, text
from booths.allocation.engine import Allocation, Explanation, Request, Slot, ZoneInfo
from tests.allocation_checks import checked_allocate as allocate

HUE = Request(1, 2, "VN", "Huế", tier=1)


# --- why a preferred booth was missed -------------------------------------------------------------------

def test_a_missed_booth_is_blocked_when_unknown_or_blocked():
    """No such booth, or a blocked one: "blocked" whoever holds it."""
    assert engine._why_missed(None, HUE, {}, {}) == "blocked"
    assert engine._why_missed(Slot(5, "A-5", 1, 1, 0, 0, blocked=True), HUE, {5: 2}, {2: (0, 0)}) == "blocked"


def test_a_missed_free_or_own_booth_had_no_fit():
    """Nobody holds it, or (in a partial plan) the request itself: no block of its size fitted there."""
    slot = Slot(5, "A-5", 1, 1, 0, 0)
    assert engine._why_missed(slot, HUE, {}, {1: (1, 0)}) == "no_fit"
    assert engine._why_missed(slot, HUE, {5: 1}, {1: (1, 0)}) == "no_fit"


def test_a_missed_booth_held_before_the_run_or_by_a_higher_or_equal_tier():
    """Held by an application this run did not rank: already assigned. Ranked: a lower tier number is a higher
    priority; the same tier (or a lower priority placed first) is an earlier applicant."""
    slot = Slot(5, "A-5", 1, 1, 0, 0)
    assert engine._why_missed(slot, HUE, {5: 99}, {1: (1, 3)}) == "taken_before_run"
    assert engine._why_missed(slot, HUE, {5: 2}, {1: (1, 3), 2: (0, 0)}) == "taken_by_higher_priority"
    assert engine._why_missed(slot, HUE, {5: 2}, {1: (1, 3), 2: (1, 0)}) == "taken_earlier"
    assert engine._why_missed(slot, HUE, {5: 2}, {1: (1, 3), 2: (2, 9)}) == "taken_earlier"


def test_the_booths_a_block_avoids():
    """Beside a competitor: always avoided. Preferred by someone else still unplaced: avoided, unless the
    request itself prefers it too. A booth nobody asks for (or whose askers are all placed) is fine."""
    avoid = engine._Avoid({7}, {3: {2}, 4: {1, 2}, 5: {1}, 6: set()}, 1)
    assert 7 in avoid and 3 in avoid
    assert 4 not in avoid and 5 not in avoid and 6 not in avoid and 8 not in avoid
    assert bool(engine._Avoid(set(), {}, 1)) is True  # an empty one still counts as "keep clear" (not falsy)


def test_named_and_explain():
    """A block found is returned with how it was found; none (or an empty one) is None."""
    assert engine._named(None, "zone") is None and engine._named([], "zone") is None
    assert engine._named([1, 2], "near") == ([1, 2], "near")
    assert engine._explain(HUE, "zone", 4, 1, (4, 3, 5)) == Explanation("VN:Huế", "zone", 4, 1, share=3, demand=5)


# --- the sentences ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "sentence"), [
    ("no_eligible_zone", "No zone of this fair fits the application."),
    ("over_fair_share", "The zone is full: its booths were shared among provinces and countries by demand."),
    ("no_contiguous_block", "No free block of enough neighbouring booths is left in the eligible zones."),
    ("competitor_beside", "Every free block of enough neighbouring booths is beside a competitor's booths."),
    ("something_new", "something_new"),
])
def test_every_waitlist_reason_in_words(code, sentence):
    """Each reason code the engine gives has its sentence; an unknown code is shown as it is."""
    assert text.reason_text(code) == sentence


def test_booth_ranges_and_group_labels():
    """First–last of a block in code order, a single code, nothing; a province bare, a country by name."""
    assert text.booth_range(["B-13", "B-11", "B-12"]) == "B-11–B-13"
    assert text.booth_range(["B-12"]) == "B-12" and text.booth_range([]) == ""
    assert text.group_label("VN:Huế", "en") == "Huế"
    assert text.group_label("JP", "en") == "Japan" and text.group_label("JP", "vi") == "Nhật Bản"
    assert text.group_label("", "en") == ""


def _placed(**facts) -> str:
    return text.explanation_text({"outcome": "zone", "zone_id": 4, "zone_rank": 0, "group": "VN:Huế", **facts},
                                 ["B-2", "B-1"], {4: "Domestic"}, "en")


@pytest.mark.parametrize(("facts", "choice"), [
    ({"chose_zones": True, "zone_rank": 0}, "your first choice of zone"),
    ({"chose_zones": True, "zone_rank": 1}, "your second choice of zone"),
    ({"chose_zones": True, "zone_rank": 2}, "your choice 3 of zone"),
    ({"chose_zones": True, "zone_rank": 4}, "your choice 5 of zone"),
    ({"chose_zones": False, "zone_rank": 0}, "the first zone open to your origin"),
    ({"chose_zones": False, "zone_rank": None}, "the first zone open to your origin"),
    ({"chose_zones": False, "zone_rank": 1}, "another zone open to your origin, as the first was full"),
    ({"chose_zones": False, "zone_rank": 3}, "another zone open to your origin, as the first was full"),
])
def test_the_zone_choice_sentence(facts, choice):
    """Zones the applicant named are counted in its order; otherwise the first open zone, or another."""
    assert _placed(**facts) == f"B-1–B-2: Domestic, {choice} (with the other exhibitors from Huế)."


@pytest.mark.parametrize(("outcome", "how"), [
    ("preferred", ", the booth you preferred"),
    ("near", ", beside the exhibitor you wished to be near"),
    ("leftover", ", from booths another group could not use"),
    ("repacked", ", after other blocks were moved within the zone to make room"),
    ("zone", ""),
])
def test_how_the_block_was_found(outcome, how):
    """Each way a block is found has its words; a plain placement in the zone adds none."""
    assert _placed(outcome=outcome) == (f"B-1–B-2: Domestic, the first zone open to your origin{how} "
                                        "(with the other exhibitors from Huế).")


def test_missed_preferred_booths_are_named_with_their_reasons():
    """Every missed-booth reason in words, in the order of the preferences, after the placement."""
    missed = [("A-1", "taken_by_higher_priority"), ("A-2", "taken_earlier"), ("A-3", "taken_before_run"),
              ("A-4", "blocked"), ("A-5", "no_fit")]
    assert _placed(missed=missed, group="JP") == (
        "B-1–B-2: Domestic, the first zone open to your origin (with the other exhibitors from Japan); "
        "A-1 was taken by a higher-priority applicant; A-2 was taken by an earlier applicant; "
        "A-3 was already assigned; A-4 is not available; A-5 had no room for a block of your size.")
    assert _placed(missed=[], group="") == "B-1–B-2: Domestic, the first zone open to your origin."
    assert _placed(zone_id=9, group="") == "B-1–B-2: , the first zone open to your origin."  # a zone not named
    assert text.explanation_text({"outcome": "zone", "zone_id": 4}, ["B-1"], {4: "Domestic"}, "en") == \
        "B-1: Domestic, the first zone open to your origin."  # no origin known: no group named


def _waiting(**facts) -> str:
    return text.explanation_text({"outcome": "waitlisted", "group": "VN:Huế", **facts}, [], {}, "en")


def test_waitlist_sentences():
    """The reason; the origin's share of its demand when known; what it already has when over its share;
    the missed booths in brackets."""
    assert text.explanation_text(None, [], {}, "en") == "" and text.explanation_text({}, [], {}, "en") == ""
    full = "Waiting list: The zone is full: its booths were shared among provinces and countries by demand."
    share = " Huế's fair share is 3 of the 5 booths it asked for."
    assert _waiting(reason="over_fair_share", share=3, demand=5, granted=4) == \
        full + share + " Its exhibitors already have 4 booths there."
    assert _waiting(reason="over_fair_share", share=3, demand=5, granted=0) == \
        full + share + " Its exhibitors already have 0 booths there."
    assert _waiting(reason="over_fair_share", share=3, demand=5) == full + share
    assert _waiting(reason="over_fair_share", share=0, demand=5) == \
        full + " Huế's fair share is 0 of the 5 booths it asked for."
    assert _waiting(reason="over_fair_share", share=3, demand=0) == full
    assert _waiting(reason="over_fair_share", demand=5) == full
    no_block = "Waiting list: No free block of enough neighbouring booths is left in the eligible zones."
    assert _waiting(reason="no_contiguous_block", share=3, demand=5, granted=4) == no_block + share
    assert _waiting(reason="no_contiguous_block", missed=[("A-1", "taken_earlier"), ("A-2", "no_fit")]) == \
        no_block + " (A-1 was taken by an earlier applicant; A-2 had no room for a block of your size)"
    assert _waiting() == "Waiting list: "


def test_metric_rows_in_order_with_rates_as_percentages(app):
    """A fixed order whatever the dict's; rates as percentages, counts and metres as numbers; absent keys left out."""
    values = {"waitlisted": 3, "fill_rate": 0.5, "booths_requested": 1200, "contiguity": 1.0,
              "group_compactness_m": 2.5, "worst_share_deviation": 2, "unknown": 7}
    with app.test_request_context(), force_locale("en"):
        rows = text.metric_rows(values)
    assert rows == [
        ("booths_requested", "Booths requested", "1,200"),
        ("fill_rate", "Free booths filled", "50.0%"),
        ("contiguity", "Blocks in one piece (must be 100 %)", "100.0%"),
        ("worst_share_deviation", "Worst gap from a fair share (booths)", "2"),
        ("group_compactness_m", "Mean distance to the group's centre (m)", "2.5"),
        ("waitlisted", "Applications on the waiting list", "3"),
    ]
    every = dict.fromkeys(["booths_requested", "booths_granted", "fill_rate", "contiguity", "competitor_adjacencies",
                           "worst_share_deviation", "preference_hit_rate", "neighbour_wish_hit_rate",
                           "group_compactness_m", "clusters_per_group", "waitlisted", "runtime_seconds"], 0.25)
    with app.test_request_context(), force_locale("en"):
        rows = text.metric_rows(every)
    assert [(key, label) for key, label, _value in rows] == [
        ("booths_requested", "Booths requested"), ("booths_granted", "Booths granted"),
        ("fill_rate", "Free booths filled"), ("contiguity", "Blocks in one piece (must be 100 %)"),
        ("competitor_adjacencies", "Competitors side by side (must be 0)"),
        ("worst_share_deviation", "Worst gap from a fair share (booths)"),
        ("preference_hit_rate", "Preferred booths honoured"), ("neighbour_wish_hit_rate", "Neighbour wishes honoured"),
        ("group_compactness_m", "Mean distance to the group's centre (m)"),
        ("clusters_per_group", "Separate clusters per province or country in a zone"),
        ("waitlisted", "Applications on the waiting list"), ("runtime_seconds", "Engine time (s)")]
    shown = {key: value for key, _label, value in rows}
    assert [key for key, value in shown.items() if value.endswith("%")] == [
        "fill_rate", "contiguity", "preference_hit_rate", "neighbour_wish_hit_rate"]
    assert shown["clusters_per_group"] == shown["runtime_seconds"] == "0.25"


# --- the measures, where they are not zero ---------------------------------------------------------------

def _requests():
    return [Request(1, 2, "VN", "Huế"), Request(2, 1, "VN", "Huế"), Request(3, 1, "VN", "Hà Nội"),
            Request(4, 3, "JP", None), Request(5, 1, "VN", "Huế")]


def test_share_deviation_is_the_largest_gap_either_way():
    """Huế got 3 of a share of 1 (2 over), Hà Nội 0 of 1 (1 under), Japan 0 of 4 (4 under, no booth at all):
    the largest gap is 4; requests outside any pool are not counted."""
    pool = (1,)
    shares = {(pool, "VN:Huế"): 1, (pool, "VN:Hà Nội"): 1, ((2,), "JP"): 4}
    pools = {1: pool, 2: pool, 3: pool, 4: (2,)}
    assignments = {1: [10, 11], 2: [12], 5: [13, 14, 15, 16]}  # request 5 has no pool: left out
    assert metrics.share_deviation(_requests(), assignments, shares, pools) == 4
    shares[((3,), "KR")] = 5  # a share with no request in its pool at all: 0 booths, 5 under
    assert metrics.share_deviation(_requests(), assignments, shares, pools) == 5
    del shares[((3,), "KR")]
    shares[((2,), "JP")] = 0
    assert metrics.share_deviation(_requests(), assignments, shares, pools) == 2  # over by 2 counts
    assignments[1] = [10]
    assert metrics.share_deviation(_requests(), assignments, shares, pools) == 1
    assert metrics.share_deviation(_requests(), assignments, {}, pools) == 0


def _row(count: int, over: dict[int, Slot] | None = None) -> list[Slot]:
    """Booths A-1… 3 m apart in zone 1, some replaced by `over`."""
    return [(over or {}).get(i, Slot(i, f"A-{i}", 1, 1, (i - 1) * 300, 0)) for i in range(1, count + 1)]


def _line(count: int) -> dict[int, set[int]]:
    return {i: {j for j in (i - 1, i + 1) if 1 <= j <= count} for i in range(1, count + 1)}


def test_compactness_and_clusters_are_measured_per_origin_and_zone():
    """Huế: booths 1 and 3 (6 m apart, not touching): 3 m each from their centre, 2 clusters; Hà Nội's one booth:
    0 m, 1 cluster. Means: 2.0 m and 1.5 clusters; a second zone makes another group."""
    slots = _row(6, {6: Slot(6, "B-1", 1, 2, 0, 2000)})
    result = Allocation(assignments={1: [1], 2: [3], 3: [5]}, shares={((1,), "VN:Huế"): 3}, pools={1: (1,), 2: (1,)})
    measured = metrics.share_and_compactness(_requests(), result, slots, _line(5))
    assert measured == {"worst_share_deviation": 1, "group_compactness_m": 2.0, "clusters_per_group": 1.5}
    result.assignments = {1: [1], 2: [6], 3: [5]}  # Huế in two zones: two groups of one booth each
    measured = metrics.share_and_compactness(_requests(), result, slots, _line(5))
    assert measured == {"worst_share_deviation": 1, "group_compactness_m": 0.0, "clusters_per_group": 1.0}
    result.assignments = {1: [1, 2], 3: [4]}  # 1.5 m from the centre each, then 0 m: mean 1.0 m
    assert metrics.share_and_compactness(_requests(), result, slots, _line(5))["group_compactness_m"] == 1.0
    empty = metrics.share_and_compactness(_requests(), Allocation(), slots, _line(5))
    assert empty == {"worst_share_deviation": 0, "group_compactness_m": 0.0, "clusters_per_group": 0.0}


def test_compactness_and_clusters_are_rounded_to_hundredths():
    """Huế's three booths at 0, 0 and 1 m: 0.33, 0.33 and 0.67 m from their centre; with Hà Nội's and Japan's
    single booths the mean is 0.2667 → 0.27 m. Clusters 2, 1 and 1 (Huế's third booth apart): 1.333… → 1.33."""
    slots = [Slot(1, "A-1", 1, 1, 0, 0), Slot(2, "A-2", 1, 1, 0, 0), Slot(3, "A-3", 1, 1, 100, 0),
             Slot(4, "A-4", 1, 1, 5000, 0), Slot(5, "A-5", 1, 1, 9000, 0)]
    requests = [Request(1, 2, "VN", "Huế"), Request(2, 1, "VN", "Huế"), Request(3, 1, "VN", "Hà Nội"),
                Request(4, 1, "JP", None)]
    result = Allocation(assignments={1: [1, 2], 2: [3], 3: [4], 4: [5]})
    measured = metrics.share_and_compactness(requests, result, slots, {1: {2}, 2: {1}})
    # over all five booths (Hà Nội's and Japan's are 0 m from their centres): (0.333 * 2 + 0.667) / 5 = 0.2667 m
    assert measured["clusters_per_group"] == 1.33
    assert measured["group_compactness_m"] == 0.27
    # the third booth 1 m across and 1 m along: 0.471, 0.471 and 0.943 m from the centre, mean over five 0.3771
    slots[2] = Slot(3, "A-3", 1, 1, 100, 100)
    assert metrics.share_and_compactness(requests, result, slots, {1: {2}, 2: {1}})["group_compactness_m"] == 0.38
    slots[2] = Slot(3, "A-3", 1, 1, 0, 100)  # along y only: 0.2667 again, whichever axis
    assert metrics.share_and_compactness(requests, result, slots, {1: {2}, 2: {1}})["group_compactness_m"] == 0.27


def test_run_metrics_on_a_plan_where_none_is_zero_or_whole():
    """Eight booths, one blocked and one held before the run (6 free); a block in two pieces; competitors side
    by side; one of three preferences and one of three neighbour wishes met; one waiting."""
    slots = _row(8, {7: Slot(7, "A-7", 1, 1, 1800, 0, blocked=True), 8: Slot(8, "A-8", 1, 1, 2100, 0, taken_by=9)})
    neighbours = _line(8)
    requests = [Request(1, 2, "VN", "Huế", preferred=("A-1",), near=(2,)),
                Request(2, 1, "VN", "Huế", preferred=("A-6",), near=(3,)),
                Request(3, 1, "VN", "Hà Nội", preferred=("A-2",), near=(9,)),
                Request(4, 1, "VN", "Huế", preferred=("A-5",), near=(1,)), Request(5, 1, "JP", None)]
    result = Allocation(assignments={1: [1, 3], 2: [4], 3: [6], 5: [2]}, waitlist={4: "no_contiguous_block"},
                        explanations={1: Explanation("VN:Huế", "preferred"), 2: Explanation("VN:Huế", "zone"),
                                      3: Explanation("VN:Hà Nội", "zone"), 5: Explanation("JP", "zone")})
    owner = {1: 1, 2: 5, 3: 1, 4: 2, 6: 3, 8: 9}
    avoid = defaultdict(set, {2: {1}, 1: {2}})  # 1 and 2 are competitors: booths 3 and 4 touch
    measured = metrics.run_metrics(requests, result, slots, neighbours, avoid, owner)
    # Of the placed requests (not 4, waiting; not 5, which asked for nothing): one of three preferences met
    # (1's A-1); one of three wishes (1 beside 2: booths 3 and 4; 2's booth 4 is not beside 3's booth 6, nor 3's
    # beside 9's booth 8). Five booths of six free; three blocks of four in one piece.
    assert measured == {"booths_requested": 6, "booths_granted": 5, "fill_rate": 0.8333, "contiguity": 0.75,
                        "competitor_adjacencies": 1, "preference_hit_rate": 0.3333, "neighbour_wish_hit_rate": 0.3333,
                        "waitlisted": 1}
    assert type(measured["competitor_adjacencies"]) is int  # a count, shown without decimals
    avoid[2].add(3)
    avoid[3].add(2)
    owner[5] = 2  # 2's booth 5 touches 3's booth 6: a second pair side by side, each edge counted once
    assert metrics.run_metrics(requests, result, slots, neighbours, avoid, owner)["competitor_adjacencies"] == 2
    del neighbours[1], neighbours[8]  # booths with no neighbour listed at all (1 is 1's, 8 is held)
    assert metrics.run_metrics(requests, result, slots, neighbours, avoid, owner)["neighbour_wish_hit_rate"] == 0.3333
    three = Allocation(assignments={1: [1, 3], 2: [4], 3: [6]})  # two of three blocks in one piece: 0.6667
    assert metrics.run_metrics([], three, slots, _line(8), avoid, {})["contiguity"] == 0.6667
    nothing = metrics.run_metrics([], Allocation(), [Slot(1, "A-1", 1, 1, 0, 0, blocked=True)], {}, avoid, {})
    assert nothing == {"booths_requested": 0, "booths_granted": 0, "fill_rate": 0.0, "contiguity": 1.0,
                       "competitor_adjacencies": 0, "preference_hit_rate": 1.0, "neighbour_wish_hit_rate": 1.0,
                       "waitlisted": 0}


# --- each reason from a real allocation, in words ----------------------------------------------------------

DOMESTIC = [ZoneInfo(1, "domestic")]


def _sentence(result, request_id: int, slots) -> str:
    codes = [slot.code for slot in slots if slot.id in result.assignments.get(request_id, ())]
    return text.explanation_text(asdict(result.explanations[request_id]), codes, {1: "Domestic"}, "en")


def test_missed_booths_from_a_real_allocation():
    """Held before the run, blocked, unknown, too tight for the block, taken earlier in the same tier."""
    slots = _row(8, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99), 3: Slot(3, "A-3", 1, 1, 600, 0, blocked=True)})
    first = Request(1, 1, "VN", "Huế", order=1, preferred=("A-8",))
    second = Request(2, 3, "VN", "Huế", order=2, preferred=("A-1", "A-3", "Z-9", "A-2", "A-8"))
    result = allocate(slots, DOMESTIC, _line(8), [first, second])
    assert result.assignments == {1: [8], 2: [4, 5, 6]}
    assert result.explanations[2].missed == (("A-1", "taken_before_run"), ("A-3", "blocked"), ("Z-9", "blocked"),
                                             ("A-2", "no_fit"), ("A-8", "taken_earlier"))
    assert _sentence(result, 2, slots) == (
        "A-4–A-6: Domestic, the first zone open to your origin (with the other exhibitors from Huế); "
        "A-1 was already assigned; A-3 is not available; Z-9 is not available; "
        "A-2 had no room for a block of your size; A-8 was taken by an earlier applicant.")
    assert _sentence(result, 1, slots) == ("A-8: Domestic, the first zone open to your origin, the booth you preferred "
                                           "(with the other exhibitors from Huế).")


def test_every_waitlist_reason_from_a_real_allocation():
    """No zone for Japan; Huế over its share of a full row; a block longer than any free run; a block that fits
    only beside a competitor's held booth (who is named)."""
    slots = _row(4, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    requests = [Request(1, 1, "JP", None), Request(2, 4, "VN", "Huế", order=1), Request(4, 1, "VN", "Huế", order=3)]
    result = allocate(slots, DOMESTIC, _line(4), requests)
    assert result.waitlist == {1: "no_eligible_zone", 2: "no_contiguous_block"} and 4 in result.assignments
    assert _sentence(result, 1, slots) == "Waiting list: No zone of this fair fits the application."
    assert _sentence(result, 2, slots) == (
        "Waiting list: No free block of enough neighbouring booths is left in the eligible zones. "
        "Huế's fair share is 3 of the 5 booths it asked for.")
    slots = _row(3, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})  # the only pair, A-2–A-3, touches A-1
    result = allocate(slots, DOMESTIC, _line(3), [Request(3, 2, "VN", "Hà Nội", avoid=(99,))])
    assert result.waitlist == {3: "competitor_beside"} and result.explanations[3].competitors == (99,)
    assert _sentence(result, 3, slots) == (
        "Waiting list: Every free block of enough neighbouring booths is beside a competitor's booths. "
        "Hà Nội's fair share is 2 of the 2 booths it asked for.")
    assert allocate(slots, DOMESTIC, _line(3), [Request(3, 2, "VN", "Hà Nội")]).assignments == {3: [2, 3]}
    crowded = allocate(_row(2), DOMESTIC, _line(2), [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2)]
                       + [Request(i, 1, "VN", "Hà Nội", order=i) for i in (3, 4, 5, 6)])
    assert sorted(crowded.waitlist.values()) == ["over_fair_share"] * 4
    waiting_hue = next(i for i in (1, 2) if i in crowded.waitlist)
    assert _sentence(crowded, waiting_hue, _row(2)) == (
        "Waiting list: The zone is full: its booths were shared among provinces and countries by demand. "
        "Huế's fair share is 1 of the 2 booths it asked for. Its exhibitors already have 1 booths there.")

"""Is a set of booths one block? Checked on small graphs whose answer is plain to see."""

from booths.layout.contiguity import is_contiguous

# A-B-C in a row, D on its own; E is a booth the graph has never heard of.
ROW = {"A": {"B"}, "B": {"A", "C"}, "C": {"B"}, "D": set()}


def test_nothing_or_one_booth_is_a_block():
    """An empty choice and a single booth are trivially one block, even one with no neighbours listed."""
    assert is_contiguous([], ROW)
    assert is_contiguous(["D"], ROW)
    assert is_contiguous(["E"], ROW)


def test_two_booths_are_a_block_only_when_they_share_an_edge():
    """A-B touch; A-C have B between them; the answer for two is not assumed."""
    assert is_contiguous(["A", "B"], ROW)
    assert not is_contiguous(["A", "C"], ROW)
    assert not is_contiguous(["A", "D"], ROW)


def test_a_path_through_a_booth_outside_the_set_does_not_count():
    """A and C are linked only through B: without B in the set they are two blocks."""
    assert is_contiguous(["A", "B", "C"], ROW)
    assert not is_contiguous(["A", "C", "D"], ROW)


def test_a_booth_missing_from_the_neighbour_map_is_cut_off_not_an_error():
    """A booth the map does not list (no stored neighbours) makes the set not contiguous."""
    assert not is_contiguous(["A", "B", "E"], ROW)
    assert not is_contiguous(["E", "A"], ROW)



def test_a_starting_booth_without_an_entry_is_alone_not_an_error():
    """Booth 1 (the search starts from the smallest int) has no entry in the map: the set is two blocks."""
    assert is_contiguous([1, 2], {2: set()}) is False
    assert is_contiguous([1, 2], {1: {2}, 2: {1}}) is True

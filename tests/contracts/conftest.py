"""Fixtures shared with the visitor tests: a running fair and registered visitors with signed codes."""

from tests.visitors.conftest import registered, running_fair  # noqa: F401  (fixtures)

"""A long PDF is split only over the CPUs that are free: a part on a busy CPU only shares it."""

import os

import pytest

from core import pdf


@pytest.mark.parametrize(("cpus", "load", "parts"), [
    (2, 0.1, 2),   # a quiet machine: a part per CPU
    (2, 1.0, 1),   # the other core busy: one document
    (2, 1.4, 1),
    (2, 6.0, 1),   # overloaded: never fewer than one
    (8, 0.0, 4),   # at most four
    (4, 1.2, 3),
])
def test_parts_follow_the_free_cpus(monkeypatch, cpus, load, parts):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cpus)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert pdf.parallel_parts() == parts

"""The grants import's budget check, made linear (one total, a running sum), gives what recording the same rows one by
one with `record_grant` gives: the same first row refused, the same grants marked over budget, the same audits."""

import pytest
import sqlalchemy as sa

from core.audit import AuditEvent
from core.db import utcnow
from core.errors import Conflict, ValidationFailed
from support.imports import import_grants
from support.models import SupportGrant
from support.services import record_grant
from tests.support.conftest import TAX_CODES

# 30 of 100 million committed before the file; its rows commit 20 + 40 (fits: 90), a planned 50 (not counted),
# 15 (105: over from here), 5 and a disbursed 10.
ROWS = [(0, "training", 20_000_000, "approved"), (1, "travel", 40_000_000, "approved"),
        (0, "booth_fee", 50_000_000, "planned"), (1, "training", 15_000_000, "approved"),
        (0, "travel", 5_000_000, "approved"), (1, "training", 10_000_000, "disbursed")]


@pytest.fixture
def world(session, make_programme, make_enterprise):
    """Two programmes alike (100 million, 30 already committed) and two enterprises of the file."""
    enterprises = [make_enterprise(tax_code=code) for code in TAX_CODES[:2]]
    programmes = [make_programme(budget_vnd=100_000_000) for _ in range(2)]
    for programme in programmes:
        record_grant(session, {"enterprise_id": enterprises[0].id, "content": "training", "amount_vnd": 30_000_000,
                               "status": "approved"}, actor=None, now=utcnow(), programme=programme)
    session.commit()
    return programmes, enterprises


def _file(rows=ROWS) -> list[dict[str, str]]:
    return [{"tax_code": TAX_CODES[who], "content": content, "amount_vnd": str(amount), "fair_code": "",
             "status": status} for who, content, amount, status in rows]


def _one_by_one(session, programme, enterprises, rows=ROWS, *, override: bool) -> int | None:
    """The old way: each row recorded by `record_grant` in turn; the first row refused (1-based), or None."""
    for number, (who, content, amount, status) in enumerate(rows, start=1):
        try:
            with session.begin_nested():
                record_grant(session, {"enterprise_id": enterprises[who].id, "content": content, "amount_vnd": amount,
                                       "status": status}, actor=None, now=utcnow(), override=override,
                             source="import", programme=programme)
        except Conflict:
            return number
    return None


def _outcome(session, programme) -> list[tuple]:
    """Per grant of the programme, in order: its amount, status, over-budget mark and the budget figures audited."""
    grants = session.scalars(sa.select(SupportGrant).where(SupportGrant.programme_id == programme.id)
                             .order_by(SupportGrant.id)).all()
    audits: dict[int, list] = {}
    for event in session.scalars(sa.select(AuditEvent).where(AuditEvent.target_type == "support_grant")
                                 .order_by(AuditEvent.id)):
        after = {key: value for key, value in (event.after or {}).items() if key != "programme_id"}
        audits.setdefault(event.target_id, []).append((event.action, event.before, after))
    return [(int(grant.amount_vnd), grant.status, grant.over_budget, audits[grant.id]) for grant in grants]


def test_without_override_the_import_names_the_row_record_grant_first_refuses(session, world):
    """Row 4 takes the programme past its budget both ways; the import records nothing and says by how much the
    file goes over."""
    (programme, old), enterprises = world
    with pytest.raises(ValidationFailed) as refused:
        import_grants(session, programme, _file(), actor=None, now=utcnow())
    assert [(error["row"], error["field"]) for error in refused.value.errors] == [(4, "amount_vnd")]
    assert "20.000.000" in refused.value.errors[0]["message"]  # the whole file's overrun (120 of 100 million)
    assert _one_by_one(session, old, enterprises, override=False) == 4
    assert len(_outcome(session, programme)) == 1  # only the grant made before the file


def test_a_file_that_fits_is_refused_by_neither(session, world):
    """Without the rows past the budget: no problem either way, the same grants."""
    (programme, old), enterprises = world
    rows = ROWS[:3]
    assert import_grants(session, programme, _file(rows), actor=None, now=utcnow()) == 3
    assert _one_by_one(session, old, enterprises, rows, override=False) is None
    assert _outcome(session, programme) == _outcome(session, old)


def test_with_override_the_same_grants_are_marked_and_audited_as_one_by_one(session, world):
    """Override: rows 4 to 6 are marked over budget, each audited with the committed total at its turn."""
    (programme, old), enterprises = world
    assert import_grants(session, programme, _file(), actor=None, now=utcnow(), override=True) == len(ROWS)
    assert _one_by_one(session, old, enterprises, override=True) is None
    new_way, old_way = _outcome(session, programme), _outcome(session, old)
    assert new_way == old_way
    assert [over for _amount, _status, over, _audit in new_way] == [False, False, False, False, True, True, True]
    assert new_way[4][3][-1] == ("support_grant.over_budget", {"budget_vnd": 100_000_000, "committed_vnd": 90_000_000},
                                 {"committed_vnd": 105_000_000, "overrun_vnd": 5_000_000})

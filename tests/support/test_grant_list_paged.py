"""The grant list is paged and sorted by the database: every order walked page by page gives exactly the grants an
independent sort in Python gives, and an officer bound to a province sees its enterprises' grants only, with
totals that are theirs."""

import random
import re
from datetime import timedelta

import pytest

from core.db import utcnow
from core.pagination import Sort
from support.listing import GRANT_SORTS, grant_choices, grant_page, grant_totals
from support.models import SupportGrant
from support.scopes import set_officer_province
from support.vocabulary import COMMITTED_STATUSES, GRANT_STATUSES
from tests.conftest import login

PROVINCES = ("Hải Phòng", "Hải Dương", "Huế", "Hà Nội")  # Hải Dương is now part of Hải Phòng
PER_PAGE = 7


@pytest.fixture
def many(session, make_programme, make_enterprise, make_fair):
    """60 grants of one programme to 20 enterprises in four provinces (amounts and times with ties), and 5 of
    another programme that must never show."""
    rng = random.Random(22)
    programme, other = make_programme(budget_vnd=10**12), make_programme(name="Chương trình khác")
    fair = make_fair(code="CANTON-26")
    enterprises = [make_enterprise(legal_name=f"Enterprise {number:02d}", name_en=None,
                                   province=PROVINCES[number % len(PROVINCES)]) for number in range(20)]
    start = utcnow()
    grants = []
    for number in range(60):
        grants.append(SupportGrant(
            programme_id=programme.id, enterprise_id=rng.choice(enterprises).id,
            fair_id=fair.id if number % 3 == 0 else None, content=rng.choice(("booth_fee", "travel")),
            amount_vnd=rng.choice((5, 8, 12, 24)) * 1_000_000, status=rng.choice(GRANT_STATUSES), source="manual",
            created_at=start + timedelta(minutes=rng.randrange(10)), updated_at=start))
    grants += [SupportGrant(programme_id=other.id, enterprise_id=enterprises[0].id, content="travel",
                            amount_vnd=1_000_000, status="approved", source="manual", created_at=start,
                            updated_at=start) for _ in range(5)]
    session.add_all(grants)
    session.flush()
    return programme, [grant for grant in grants if grant.programme_id == programme.id]


KEYS = {
    "created": lambda grant: (grant.created_at, grant.id),
    "amount": lambda grant: (int(grant.amount_vnd), grant.id),
    "enterprise": lambda grant: (grant.enterprise.legal_name, grant.id),
    "status": lambda grant: (GRANT_STATUSES.index(grant.status), grant.id),
}


def _walk(session, programme, filters, sort, viewer=None) -> tuple[list[int], int]:
    ids, number, total = [], 1, None
    while True:
        page = grant_page(session, programme, filters, sort, viewer=viewer, page=number, per_page=PER_PAGE)
        total = page.total
        assert len(page.items) <= PER_PAGE
        ids += [grant.id for grant in page.items]
        if not page.has_next:
            return ids, total
        number += 1


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", GRANT_SORTS)
def test_every_order_walked_page_by_page_is_the_independent_sort(session, many, key, descending):
    """All pages of each order, joined, are the programme's grants sorted in Python by the same key, id last."""
    programme, grants = many
    ids, total = _walk(session, programme, {}, Sort(key, descending))
    expected = [grant.id for grant in sorted(grants, key=KEYS[key], reverse=descending)]
    assert total == len(grants) == 60
    assert ids == expected


def test_filters_and_a_search_cut_in_the_database_match_an_independent_filter(session, many):
    """Status, content, fair, recorded province and a name search (accents and case aside) keep exactly the grants
    Python's filter keeps, in the order asked."""
    programme, grants = many
    filters = {"status": "approved", "content": "booth_fee"}
    ids, total = _walk(session, programme, filters, Sort("amount", True))
    expected = [grant.id for grant in sorted(grants, key=KEYS["amount"], reverse=True)
                if grant.status == "approved" and grant.content == "booth_fee"]
    assert ids == expected and total == len(expected) > 0
    ids, _total = _walk(session, programme, {"fair": "CANTON-26", "province": "Huế"}, Sort("created"))
    assert ids == [grant.id for grant in sorted(grants, key=KEYS["created"])
                   if grant.fair_id is not None and grant.enterprise.province == "Huế"]
    ids, _total = _walk(session, programme, {"q": "ENTERPRISE 0"}, Sort("enterprise"))
    assert ids == [grant.id for grant in sorted(grants, key=KEYS["enterprise"])
                   if grant.enterprise.legal_name.startswith("Enterprise 0")]


def test_an_officer_sees_their_province_only_and_its_totals(session, many, make_user):
    """Bound to Hải Phòng, an officer's list holds the grants of Hải Phòng's enterprises and of those recorded under
    Hải Dương (merged into it), and nothing else; the choices and totals are theirs."""
    programme, grants = many
    officer = make_user(role="officer")
    set_officer_province(session, officer, "Hải Phòng", actor=None, now=utcnow())
    theirs = [grant for grant in grants if grant.enterprise.province in ("Hải Phòng", "Hải Dương")]
    ids, total = _walk(session, programme, {}, Sort("amount"), viewer=officer)
    assert ids == [grant.id for grant in sorted(theirs, key=KEYS["amount"])] and total == len(theirs)
    assert grant_choices(session, programme, viewer=officer)["provinces"] == ["Hải Dương", "Hải Phòng"]
    assert grant_totals(session, programme, viewer=officer) == {
        "committed": sum(int(g.amount_vnd) for g in theirs if g.status in COMMITTED_STATUSES),
        "disbursed": sum(int(g.amount_vnd) for g in theirs if g.status == "disbursed")}
    # Asking for another province's grants by the filter finds none of them.
    assert _walk(session, programme, {"province": "Huế"}, Sort("created"), viewer=officer) == ([], 0)
    organizer = make_user(role="organizer")
    assert _walk(session, programme, {}, Sort("created"), viewer=organizer)[1] == 60


def test_the_officer_page_shows_their_grants_and_totals(client, session, many, make_user):
    """Through the page: the officer's count and the totals of their province, no other province's rows."""
    programme, grants = many
    officer = make_user(role="officer", locale="en")
    set_officer_province(session, officer, "Hải Phòng", actor=None, now=utcnow())
    session.commit()
    login(client, officer)
    theirs = [grant for grant in grants if grant.enterprise.province in ("Hải Phòng", "Hải Dương")]
    shown = set()
    for number in (1, 2):
        page = client.get(f"/support/programmes/{programme.id}", query_string={"page": number}).get_data(
            as_text=True)
        shown |= {int(found) for found in re.findall(r'<tr data-grant="(\d+)">', page)}
    assert shown == {grant.id for grant in theirs}
    assert f"({len(theirs)})" in page

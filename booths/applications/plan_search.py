"""The plan's reads of who holds which booth, one hall at a time, and the search of holders by name.

Registered with layout's occupancy registry (`booths/setup.py`): layout draws and searches plans without
querying the applications' tables itself.
"""

import sqlalchemy as sa

from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from booths.layout.occupancy import HolderMatch
from core.text import fold, fold_many
from enterprises.models import Enterprise

# What a plan writes about an occupant: nothing else of the enterprise is loaded.
_OCCUPANT_COLUMNS = (Enterprise.id, Enterprise.legal_name, Enterprise.province, Enterprise.country)


def hall_occupants(session, hall_id: int) -> dict:
    """Booth id → its occupant (a row with the enterprise's id, legal_name, province and country), for one hall's
    assigned booths: plain rows, as a hall holds thousands."""
    rows = session.execute(
        sa.select(BoothAssignment.booth_id, *_OCCUPANT_COLUMNS)
        .join(Booth, Booth.id == BoothAssignment.booth_id)
        .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
        .join(Enterprise, Enterprise.id == BoothApplication.enterprise_id)
        .where(Booth.hall_id == hall_id))
    return {row.booth_id: row for row in rows}


def search_holders(session, fair_id: int, search: str, among: frozenset | None,
                   limit: int) -> tuple[list[HolderMatch], int]:
    """Up to `limit` of the fair's placed enterprises whose legal or English name contains `search` (accents,
    case and spacing aside), by name, with their booths; only `among` these ids unless None; and the total.

    Names are folded in Python (so "chu dau" finds "Chu Đậu" on every database), all of them in one pass.
    """
    wanted = fold(search)
    if not wanted or (among is not None and not among):
        return [], 0
    placed = (sa.select(Enterprise.id, Enterprise.legal_name, Enterprise.name_en)
              .join(BoothApplication, BoothApplication.enterprise_id == Enterprise.id)
              .where(BoothApplication.fair_id == fair_id,
                     sa.exists().where(BoothAssignment.application_id == BoothApplication.id))
              .distinct().order_by(Enterprise.legal_name, Enterprise.id))
    if among is not None:
        placed = placed.where(Enterprise.id.in_(sorted(among)))
    rows = session.execute(placed).all()
    folded = fold_many(name for row in rows for name in (row.legal_name, row.name_en))
    found = [row for number, row in enumerate(rows)
             if wanted in folded[2 * number] or wanted in folded[2 * number + 1]]
    shown = found[:limit]
    booths: dict[int, list[tuple[str, int]]] = {row.id: [] for row in shown}
    if shown:
        for enterprise_id, code, hall_id in session.execute(
                sa.select(BoothApplication.enterprise_id, Booth.code, Booth.hall_id)
                .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
                .join(Booth, Booth.id == BoothAssignment.booth_id)
                .where(BoothApplication.fair_id == fair_id, BoothApplication.enterprise_id.in_(list(booths)))
                .order_by(Booth.code)):
            booths[enterprise_id].append((code, hall_id))
    return [HolderMatch(row.id, row.legal_name, tuple(booths[row.id])) for row in shown], len(found)

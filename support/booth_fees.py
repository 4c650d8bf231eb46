"""The booth-fee support of an application: which programme pays, how much, and giving it back.

Booths call these (booths sit above support); the grant itself is recorded by `support.services`.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from core.audit import record_audit
from core.reference.provinces import resolve_province
from core.text import fold
from enterprises.models import Enterprise
from fairs.models import Fair
from support.budget import booth_fee_subsidy
from support.models import SupportGrant, SupportProgramme
from support.services import check_budget, committed_vnd, record_grant
from support.vocabulary import COMMITTED_STATUSES


def booth_fee_support_vnd(session, enterprise_id: int, fair_id: int) -> int:
    """The approved and disbursed booth-fee support of an enterprise at a fair: it lowers the amount due."""
    return int(session.scalar(sa.select(sa.func.coalesce(sa.func.sum(SupportGrant.amount_vnd), 0)).where(
        SupportGrant.enterprise_id == enterprise_id, SupportGrant.fair_id == fair_id,
        SupportGrant.content == "booth_fee", SupportGrant.status.in_(COMMITTED_STATUSES))) or 0)


def _booth_fee_programme(session, enterprise: Enterprise, fair: Fair, hint: str | None) -> SupportProgramme | None:
    candidates = [programme for programme in session.scalars(
        sa.select(SupportProgramme).where(SupportProgramme.year == fair.starts_on.year,
                                          SupportProgramme.booth_fee_percent.is_not(None))
        .order_by(SupportProgramme.id))
        if "booth_fee" in (programme.allowed_contents or [])
        and (enterprise.is_rural_industry or not programme.booth_fee_rural_only)]
    unit = resolve_province(enterprise.province)
    wanted = fold(hint or "")

    def named(programme: SupportProgramme) -> bool:
        return bool(wanted) and wanted == fold(programme.name)  # the whole name: "khuyến công" names none

    def local(programme: SupportProgramme) -> bool:
        return programme.level == "provincial" and unit is not None and programme.province == unit.name_vi

    # Another province's fund never pays, whatever the application says.
    usable = [p for p in candidates if local(p) or p.level == "national"]
    return min(usable, key=lambda p: (not named(p), not local(p)), default=None)


@dataclass(frozen=True)
class BoothFeeOffer:
    """The booth-fee grant an approval would make: which programme, how much, and the budget around it."""

    programme: SupportProgramme
    amount_vnd: int
    booths: int
    budget_vnd: int
    committed_vnd: int

    @property
    def remaining_vnd(self) -> int:
        """What the programme has left before this grant."""
        return self.budget_vnd - self.committed_vnd

    @property
    def fits(self) -> bool:
        """True when the budget holds the grant (it is approved); otherwise it would only be planned."""
        return self.amount_vnd <= self.remaining_vnd

    @property
    def status(self) -> str:
        """The status the grant would be recorded with."""
        return "approved" if self.fits else "planned"


def current_booth_fee_grant(session, enterprise_id: int, fair_id: int) -> SupportGrant | None:
    """The enterprise's booth-fee grant at the fair that is not cancelled, if any."""
    return session.scalar(sa.select(SupportGrant).where(
        SupportGrant.enterprise_id == enterprise_id, SupportGrant.fair_id == fair_id,
        SupportGrant.content == "booth_fee", SupportGrant.status != "cancelled").order_by(SupportGrant.id).limit(1))


def booth_fee_offer(session, *, enterprise: Enterprise, fair: Fair, prices: list[int],
                    hint: str | None) -> BoothFeeOffer | None:
    """What `grant_booth_fee` would grant now, without granting it (None: no programme applies, a grant
    exists already, or the rule gives nothing). Reads only: the budget is checked again when granting."""
    if not prices or current_booth_fee_grant(session, enterprise.id, fair.id) is not None:
        return None
    programme = _booth_fee_programme(session, enterprise, fair, hint)
    if programme is None:
        return None
    booths, amount = booth_fee_subsidy(prices, percent=programme.booth_fee_percent,
                                       max_booths=programme.booth_fee_max_booths)
    if amount <= 0:
        return None
    return BoothFeeOffer(programme=programme, amount_vnd=amount, booths=booths,
                         budget_vnd=int(programme.budget_vnd), committed_vnd=committed_vnd(session, programme.id))


def grant_booth_fee(session, *, enterprise: Enterprise, fair: Fair, prices: list[int], hint: str | None,
                    actor: User | None, now: datetime) -> SupportGrant | None:
    """The booth-fee grant of an approved application that asked for support, by the programme's rule.

    The programme is the one the application names by its whole name among the enterprise's
    province's and the national ones, else the province's, else the national one. Within the budget
    the grant is approved (it lowers the amount due); past it, it is only planned, for the organizer
    to decide. None when no programme applies or one exists already.
    """
    offer = booth_fee_offer(session, enterprise=enterprise, fair=fair, prices=prices, hint=hint)
    if offer is None:
        return None
    programme, amount = offer.programme, offer.amount_vnd
    fits = not check_budget(session, programme, amount).overrun  # again, under the programme's lock
    try:
        with session.begin_nested():
            return record_grant(session, {"enterprise_id": enterprise.id, "fair_id": fair.id, "content": "booth_fee",
                                          "amount_vnd": amount, "status": "approved" if fits else "planned",
                                          "booths": offer.booths},
                                actor=actor, now=now, source="application", programme=programme)
    except IntegrityError:  # another approval made it meanwhile: the unique index keeps one
        return None


def fit_booth_fee(session, grant: SupportGrant, prices: list[int], *, actor: User | None,
                  now: datetime) -> SupportGrant:
    """An application's booth-fee grant, not yet paid out, follows the booths actually assigned to it.

    Approval estimated the grant from the booths asked for at the cheapest price; once booths are assigned
    the programme's rule applies to their prices and count (fewer booths, less support; a dearer booth, more).
    A rise of an approved grant takes only what the budget has left; a disbursed grant, or an application
    without booths (not yet allocated), keeps its amount. Audited when it changes.
    """
    if grant.status in ("disbursed", "cancelled") or grant.source != "application" or not prices:
        return grant
    programme = grant.programme
    booths, amount = booth_fee_subsidy(prices, percent=programme.booth_fee_percent,
                                       max_booths=programme.booth_fee_max_booths)
    current = int(grant.amount_vnd)
    if amount > current and grant.status in COMMITTED_STATUSES:
        check = check_budget(session, programme, amount - current)
        amount -= check.overrun  # as far as what is left allows (it may stay where it was)
    if amount <= 0 or (amount, booths) == (current, grant.booths):
        return grant
    before = {"amount_vnd": current, "booths": grant.booths}
    grant.amount_vnd, grant.booths, grant.updated_at = amount, booths, now
    session.flush()
    record_audit(session, actor, "support_grant.fit_booths", grant, now=now, before=before,
                 after={"amount_vnd": amount, "booths": booths})
    return grant


def application_booth_fee_grants(session, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], SupportGrant]:
    """The booth-fee grants made by applications and still in force (planned or approved: neither paid out nor
    cancelled) of (enterprise id, fair id) pairs."""
    if not pairs:
        return {}
    grants = session.scalars(sa.select(SupportGrant).where(
        sa.tuple_(SupportGrant.enterprise_id, SupportGrant.fair_id).in_(pairs),
        SupportGrant.content == "booth_fee", SupportGrant.source == "application",
        SupportGrant.status.in_(("planned", "approved"))))
    return {(grant.enterprise_id, grant.fair_id): grant for grant in grants}


def release_booth_fee(session, *, enterprise_id: int, fair_id: int, actor: User | None, now: datetime) -> int:
    """Withdrawn application: its booth-fee grant, not yet paid out, is cancelled (audited; kept for the record)
    and frees the budget."""
    grants = list(application_booth_fee_grants(session, [(enterprise_id, fair_id)]).values())
    for grant in grants:
        before = {"status": grant.status}
        grant.status, grant.updated_at = "cancelled", now
        session.flush()
        record_audit(session, actor, "support_grant.release", grant, now=now, before=before,
                     after={"status": "cancelled"})
    return len(grants)

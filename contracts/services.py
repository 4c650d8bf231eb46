"""Recording trade contracts: who may record what, exact conversions to VND and USD, edits and verification."""

from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication
from booths.layout.plans import PLAN_PUBLISHED_STATUSES
from contracts.models import Contract
from contracts.money import fits, is_currency, parse_amount, to_vnd, vnd_to_usd
from contracts.rates import RATE_COLUMN, parse_day, rate_on
from contracts.vocabulary import CONTRACT_KINDS, CONTRACT_STATUSES, MANAGERS
from core.audit import record_audit
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.i18n import day as format_day
from core.inputs import EXACT_DIGITS
from core.reference.origin import clean_origin
from core.reference.sectors import is_sector
from enterprises.access import officer_may_read
from enterprises.models import Enterprise
from enterprises.services import may_manage_enterprise
from fairs.models import Fair

CENT, RATE_PLACES = Decimal("0.01"), Decimal("0.000001")
# (digits, places) a value may have: within its Numeric column (contracts.models) and within the 15 digits
# SQLite keeps exactly (core.inputs.EXACT_DIGITS). Values that do not fit are refused, never rounded.
AMOUNT_COLUMN, VALUE_VND_COLUMN = (EXACT_DIGITS, 2), (EXACT_DIGITS, 0)


def exhibits(session, fair: Fair, enterprise_id: int) -> bool:
    """True if the enterprise has an approved application at the fair."""
    return session.scalar(sa.select(BoothApplication.id).where(
        BoothApplication.fair_id == fair.id, BoothApplication.enterprise_id == enterprise_id,
        BoothApplication.status == "approved").limit(1)) is not None


def may_name_buyer(session, buyer_id: int, *, seller_id: int | None, actor: User) -> bool:
    """Whether `actor` may name enterprise `buyer_id` as a buyer (and so read its country and province back):
    organizers any; an exhibitor only an enterprise exhibiting at a fair whose plan is published (public in the
    directory) or one its enterprise already deals with (a contract between them, either way)."""
    if session.get(Enterprise, buyer_id) is None:
        return False
    if actor.role in MANAGERS:
        return True
    exhibiting = sa.select(BoothApplication.id).join(Fair, Fair.id == BoothApplication.fair_id).where(
        BoothApplication.enterprise_id == buyer_id, BoothApplication.status == "approved",
        Fair.status.in_(PLAN_PUBLISHED_STATUSES))
    dealt = sa.select(Contract.id).where(sa.or_(
        sa.and_(Contract.seller_enterprise_id == seller_id, Contract.buyer_enterprise_id == buyer_id),
        sa.and_(Contract.seller_enterprise_id == buyer_id, Contract.buyer_enterprise_id == seller_id)))
    return session.scalar(sa.select(sa.or_(sa.exists(exhibiting), sa.exists(dealt)))) is True


def _check_buyer(session, values: dict, *, seller_id: int | None, actor: User) -> None:
    """An enterprise named as buyer that the actor may not name answers as one that does not exist (404)."""
    buyer_id = values.get("buyer_enterprise_id")
    if buyer_id and not may_name_buyer(session, buyer_id, seller_id=seller_id, actor=actor):
        raise NotFound(_("No such enterprise."), field="buyer_enterprise_id")


def check_contract_values(session, fair: Fair, values: dict, *, margin_days: int) -> tuple[dict, list[dict]]:
    """Clean a contract; every error names its field. Conversions are exact decimals."""
    errors: list[dict] = []
    clean: dict = {}
    seller = session.get(Enterprise, values.get("seller_enterprise_id") or 0)
    if seller is None or not exhibits(session, fair, seller.id):
        errors.append({"field": "seller_enterprise_id", "message": _("The seller must be an exhibitor of this fair.")})
    clean["seller_enterprise_id"] = seller.id if seller else None
    buyer_id = values.get("buyer_enterprise_id")
    clean["buyer_enterprise_id"] = clean["buyer_name"] = clean["buyer_province"] = None
    if buyer_id:
        buyer = session.get(Enterprise, buyer_id)
        if buyer is None:
            errors.append({"field": "buyer_enterprise_id", "message": _("No such enterprise.")})
        else:
            clean.update(buyer_enterprise_id=buyer.id, buyer_country=buyer.country, buyer_province=buyer.province)
    else:
        name = (values.get("buyer_name") or "").strip()
        if not name or len(name) > 200:
            errors.append({"field": "buyer_name", "message": _("Name the buyer (at most 200 characters).")})
        clean["buyer_name"] = name or None
        country, province, origin_errors = clean_origin(
            values.get("buyer_country"), values.get("buyer_province"),
            missing_province=_("A Vietnamese buyer needs its province."))
        errors += [{**error, "field": "buyer_" + error["field"]} for error in origin_errors]
        clean.update(buyer_country=country, buyer_province=province)
    clean["kind"] = values.get("kind")
    if clean["kind"] not in CONTRACT_KINDS:
        errors.append({"field": "kind", "message": _("The kind is mou, contract or order.")})
    clean["category"] = values.get("category")
    if not is_sector(clean["category"]):
        errors.append({"field": "category", "message": _("Unknown sector.")})
    clean["description"] = (values.get("description") or "").strip()[:1000] or None
    amount = parse_amount(values.get("amount"))
    if amount is None:
        errors.append({"field": "amount", "message": _(
            "Give the amount as a number or a string with a dot before decimals and no thousands separator, "
            "e.g. \"12500000\" or \"2500.50\".")})
    elif amount <= 0:
        errors.append({"field": "amount", "message": _("The amount must be a positive number.")})
    elif amount.adjusted() >= AMOUNT_COLUMN[0] - AMOUNT_COLUMN[1]:  # 10 trillion: past it, a typo
        errors.append({"field": "amount", "message": _("The amount is too large.")})
    elif amount != amount.quantize(CENT):
        errors.append({"field": "amount", "message": _("At most two decimals.")})
    # quantize() of a number past the decimal context's 28 digits raises: only a storable size is quantized.
    clean["amount"] = amount.quantize(CENT) if amount is not None and amount.adjusted() < 20 else amount
    currency = (values.get("currency") or "").strip().upper()
    if not is_currency(currency):
        errors.append({"field": "currency", "message": _("Unknown currency: give its ISO 4217 code, e.g. USD.")})
    clean["currency"] = currency
    signed_on = parse_day(values.get("signed_on"))
    margin = timedelta(days=margin_days)
    if signed_on is None:
        errors.append({"field": "signed_on", "message": _("Give the date as YYYY-MM-DD.")})
    elif not (fair.starts_on - margin <= signed_on <= fair.ends_on + margin):
        errors.append({"field": "signed_on", "message": _(
            "Contracts of this fair are signed from %(first)s to %(last)s.",
            first=format_day(fair.starts_on - margin), last=format_day(fair.ends_on + margin))})
    clean["signed_on"] = signed_on
    clean["status"] = values.get("status") or "signed"
    if clean["status"] not in CONTRACT_STATUSES:
        errors.append({"field": "status", "message": _("The status is signed, in_progress or cancelled.")})
    clean["confidential"] = bool(values.get("confidential"))
    if errors:
        return clean, errors
    given = values.get("fx_rate_to_vnd")
    rate = parse_amount(given) if given not in (None, "") else rate_on(session, fair, currency, signed_on)
    if rate is not None and rate > 0 and not fits(rate, *RATE_COLUMN):
        return clean, [{"field": "fx_rate_to_vnd", "message": _(
            "Give a rate below one billion VND with at most six decimals.")}]
    if rate is None or rate <= 0:
        field_errors = [{"field": "fx_rate_to_vnd", "message": _(
            "No %(currency)s rate on or before %(day)s: give fx_rate_to_vnd or record the fair's rate.",
            currency=currency, day=format_day(signed_on))}]
        return clean, field_errors
    usd_rate = rate if currency == "USD" else rate_on(session, fair, "USD", signed_on)
    if usd_rate is None:
        return clean, [{"field": "currency", "message": _(
            "The fair has no USD rate on or before %(day)s, needed for the value in USD.", day=format_day(signed_on))}]
    clean["fx_rate_to_vnd"] = rate.quantize(RATE_PLACES)
    # Each number fits, but their product may not (nor fit quantize()'s 28 digits): refuse before converting.
    too_large = [{"field": "amount", "message": _("The amount is too large to record at this rate.")}]
    if (clean["amount"] * clean["fx_rate_to_vnd"]).adjusted() >= VALUE_VND_COLUMN[0]:
        return clean, too_large
    clean["value_vnd"] = to_vnd(clean["amount"], clean["fx_rate_to_vnd"])
    if (clean["value_vnd"] / usd_rate).adjusted() >= AMOUNT_COLUMN[0] - AMOUNT_COLUMN[1]:
        return clean, too_large
    clean["value_usd"] = vnd_to_usd(clean["value_vnd"], usd_rate)
    if not (fits(clean["value_vnd"], *VALUE_VND_COLUMN) and fits(clean["value_usd"], *AMOUNT_COLUMN)):
        return clean, too_large  # rounding carried the value to the next digit
    return clean, []


def record_contract(session, fair: Fair, values: dict, *, actor: User, now: datetime, margin_days: int,
                    allow_duplicate: bool = False) -> Contract:
    """Record a contract: exhibitors their own, organizers any. A likely duplicate is refused unless allowed."""
    clean, errors = check_contract_values(session, fair, values, margin_days=margin_days)
    seller = session.get(Enterprise, clean.get("seller_enterprise_id") or 0)
    if actor.role not in MANAGERS and (seller is None or not may_manage_enterprise(session, seller, actor)):
        raise PermissionDenied(_("Exhibitors record the contracts of their own enterprise."))
    _check_buyer(session, values, seller_id=seller.id if seller else None, actor=actor)
    if errors:
        raise ValidationFailed(errors)
    duplicate = session.scalar(sa.select(Contract.id).where(
        Contract.fair_id == fair.id, Contract.seller_enterprise_id == clean["seller_enterprise_id"],
        Contract.buyer_enterprise_id.is_not_distinct_from(clean["buyer_enterprise_id"]),
        Contract.buyer_name.is_not_distinct_from(clean["buyer_name"]),
        Contract.amount == clean["amount"], Contract.currency == clean["currency"],
        Contract.signed_on == clean["signed_on"]).limit(1))
    if duplicate is not None and not allow_duplicate:
        raise Conflict(_("Contract %(id)d has the same seller, buyer, amount and date: is this the same one? "
                         "Confirm to record it anyway.", id=duplicate), field="amount")
    contract = Contract(fair_id=fair.id, created_by_id=actor.id, created_at=now, updated_at=now, **clean)
    session.add(contract)
    session.flush()
    record_audit(session, actor, "contract.create", contract, now=now,
                 after={"amount": str(contract.amount), "currency": contract.currency,
                        "value_vnd": str(contract.value_vnd)})
    return contract


def get_contract(session, contract_id: int) -> Contract:
    """A contract, or NotFound."""
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFound(_("No such contract."))
    return contract


def _snapshot(contract: Contract) -> dict:
    return {"amount": str(contract.amount), "currency": contract.currency,
            "fx_rate_to_vnd": str(contract.fx_rate_to_vnd), "value_vnd": str(contract.value_vnd),
            "value_usd": str(contract.value_usd),
            "signed_on": contract.signed_on.isoformat(), "status": contract.status, "kind": contract.kind,
            "category": contract.category, "buyer_enterprise_id": contract.buyer_enterprise_id,
            "buyer_name": contract.buyer_name, "buyer_country": contract.buyer_country,
            "confidential": contract.confidential, "verified": contract.verified_at is not None}


def may_edit_contract(session, contract: Contract, actor: User) -> bool:
    """Organizers edit any contract; an exhibitor its own until the organizer has verified it."""
    if actor.role in MANAGERS:
        return True
    return contract.verified_at is None and may_manage_enterprise(session, contract.seller, actor)


def update_contract(session, contract: Contract, changes: dict, *, actor: User, now: datetime,
                    margin_days: int) -> Contract:
    """Change a contract (values are converted again); every edit is audited with before and after."""
    if not may_edit_contract(session, contract, actor):
        raise PermissionDenied(_("This contract is verified: ask the organizer to change it."))
    current = {"seller_enterprise_id": contract.seller_enterprise_id,
               "buyer_enterprise_id": contract.buyer_enterprise_id, "buyer_name": contract.buyer_name,
               "buyer_country": contract.buyer_country, "buyer_province": contract.buyer_province,
               "kind": contract.kind, "category": contract.category, "description": contract.description,
               "amount": contract.amount, "currency": contract.currency,
               "signed_on": contract.signed_on, "status": contract.status, "confidential": contract.confidential}
    unknown = set(changes) - set(current) - {"fx_rate_to_vnd"}
    if unknown:
        raise ValidationFailed([{"field": field, "message": _("Unknown field.")} for field in sorted(unknown)])
    if "seller_enterprise_id" in changes and changes["seller_enterprise_id"] != contract.seller_enterprise_id:
        raise ValidationFailed([{"field": "seller_enterprise_id", "message": _("The seller cannot change.")}])
    if changes.get("buyer_enterprise_id") not in (None, contract.buyer_enterprise_id):
        _check_buyer(session, changes, seller_id=contract.seller_enterprise_id, actor=actor)
    merged = {**current, **changes}
    if "fx_rate_to_vnd" not in changes and merged["currency"] == contract.currency \
            and merged["signed_on"] == contract.signed_on:
        merged["fx_rate_to_vnd"] = contract.fx_rate_to_vnd  # keep the rate the contract was recorded with
    clean, errors = check_contract_values(session, contract.fair, merged, margin_days=margin_days)
    if errors:
        raise ValidationFailed(errors)
    before = _snapshot(contract)
    for field, value in clean.items():
        setattr(contract, field, value)
    contract.updated_at = now
    session.flush()
    record_audit(session, actor, "contract.update", contract, now=now, before=before, after=_snapshot(contract))
    return contract


def verify_contract(session, contract: Contract, *, actor: User, now: datetime) -> Contract:
    """An organizer marks a contract verified (the exhibitor can no longer change it)."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers verify contracts."))
    before = _snapshot(contract)
    contract.verified_at, contract.verified_by_id, contract.updated_at = now, actor.id, now
    session.flush()
    record_audit(session, actor, "contract.verify", contract, now=now, before=before, after=_snapshot(contract))
    return contract


def get_contract_for(session, contract_id: int, actor: User) -> Contract:
    """A contract the actor may see (organizers: any; officers: their province's sellers'; an exhibitor: its
    own), or NotFound."""
    contract = get_contract(session, contract_id)
    if (actor.role in (*MANAGERS, "officer") and officer_may_read(session, actor, contract.seller)) or \
            may_manage_enterprise(session, contract.seller, actor):
        return contract
    raise NotFound(_("No such contract."))

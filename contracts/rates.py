"""Exchange rates of a fair: recording how many VND a currency is worth from a date on, and the rate in force."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from contracts.models import FxRate
from contracts.money import fits, is_currency, parse_amount
from contracts.vocabulary import MANAGERS
from core.audit import record_audit
from core.errors import Conflict, PermissionDenied, ValidationFailed
from core.i18n import day as format_day
from core.inputs import EXACT_DIGITS
from fairs.models import Fair

# (digits, places) a rate may have: within its Numeric column (contracts.models) and within the 15 digits
# SQLite keeps exactly (core.inputs.EXACT_DIGITS). Values that do not fit are refused, never rounded.
RATE_COLUMN = (EXACT_DIGITS, 6)


def parse_day(value) -> date | None:
    """A date given as a date or YYYY-MM-DD, or None."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def add_fx_rate(session, fair: Fair, values: dict, *, actor: User, now: datetime) -> FxRate:
    """Record how many VND one unit of a currency is worth from a date on (organizers)."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers record exchange rates."))
    errors = []
    currency = (values.get("currency") or "").strip().upper()
    if not is_currency(currency) or currency == "VND":
        errors.append({"field": "currency", "message": _("Give an ISO 4217 currency other than VND, e.g. USD.")})
    rate = parse_amount(values.get("rate_to_vnd"))
    if rate is None or rate <= 0:
        errors.append({"field": "rate_to_vnd", "message": _(
            "Give a positive number of VND per unit, with a dot before decimals and no thousands separator, "
            "e.g. 25400.5.")})
    elif not fits(rate, *RATE_COLUMN):  # a rate rounded to zero would break the CHECK, a huge one the column
        errors.append({"field": "rate_to_vnd", "message": _(
            "Give a rate below one billion VND with at most six decimals.")})
    valid_on = parse_day(values.get("on"))
    if valid_on is None:
        errors.append({"field": "on", "message": _("Give the date as YYYY-MM-DD.")})
    if errors:
        raise ValidationFailed(errors)
    fx = FxRate(fair_id=fair.id, currency=currency, rate_to_vnd=rate, valid_on=valid_on, created_by_id=actor.id,
                created_at=now)
    try:
        with session.begin_nested():
            session.add(fx)
            session.flush()
    except IntegrityError as error:
        raise Conflict(_("A %(currency)s rate for %(day)s is already recorded.", currency=currency,
                         day=format_day(valid_on)), field="on") from error
    record_audit(session, actor, "fx_rate.create", fx, now=now,
                 after={"currency": currency, "rate_to_vnd": str(rate), "on": valid_on.isoformat()})
    return fx


def rate_on(session, fair: Fair, currency: str, day: date):
    """The fair's latest rate for `currency` on or before `day`, or None."""
    if currency == "VND":
        return parse_amount(1)
    return session.scalar(sa.select(FxRate.rate_to_vnd).where(
        FxRate.fair_id == fair.id, FxRate.currency == currency, FxRate.valid_on <= day)
        .order_by(FxRate.valid_on.desc()).limit(1))

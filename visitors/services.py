"""Visitor registration and badges: one visitor per e-mail and fair, signed badge codes, reissue."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from accounts.services import check_email
from core.audit import record_audit
from core.db import insert_rows
from core.errors import Conflict, Gone, NotFound, PermissionDenied, TooManyRequests, ValidationFailed
from core.mail import queue_mail
from core.reference.origin import clean_origin
from core.reference.sectors import is_sector
from core.sealing import seal, unseal
from fairs.models import Fair
from visitors.badge_codes import MAX_SERIAL, new_seed, sign_code
from visitors.models import Badge, FairKey, Visitor
from visitors.vocabulary import PUBLIC_TYPES

SERIAL_CHUNK = 5000  # serials asked in one query when an import issues its badges

REGISTRATION_STATUSES = ("open", "allocating", "published", "running")
STAFF_ROLES = ("admin", "organizer", "staff")
_LIMITS = {"full_name": 120, "organisation": 200, "job_title": 120, "phone": 40}


def _text(values: dict, field: str) -> str | None:
    value = values.get(field)
    return value.strip() or None if isinstance(value, str) else None


def check_visitor_values(values: dict, *, types=PUBLIC_TYPES, email_required: bool = True,
                         consent_required: bool = True) -> tuple[dict, list[dict]]:
    """Clean a registration; errors name their field. Former province names map to today's units."""
    errors: list[dict] = []
    clean = {field: _text(values, field) for field in _LIMITS}
    if not clean["full_name"]:
        errors.append({"field": "full_name", "message": _("Enter the full name.")})
    for field, limit in _LIMITS.items():
        if clean[field] and len(clean[field]) > limit:
            errors.append({"field": field, "message": _("At most %(n)d characters.", n=limit)})
    clean["email"], email_errors = check_email(_text(values, "email"))
    errors.extend(email_errors)
    if not _text(values, "email") and email_required:
        errors.append({"field": "email", "message": _("Enter an e-mail address: the badge is sent there.")})
    clean["country"], clean["province"], origin_errors = clean_origin(
        _text(values, "country"), _text(values, "province"),
        missing_province=_("Visitors from Vietnam give their province (former names are accepted)."))
    errors.extend(origin_errors)
    clean["visitor_type"] = values.get("visitor_type")
    if clean["visitor_type"] not in types:
        errors.append({"field": "visitor_type", "message": _("Choose a type of visitor.")})
    sectors = values.get("sectors") or []
    if isinstance(sectors, str):
        sectors = [sectors]
    if not all(is_sector(code) for code in sectors):
        errors.append({"field": "sectors", "message": _("Unknown sector.")})
    clean["sectors"] = sorted(set(sectors))
    if consent_required and not values.get("consent"):
        errors.append({"field": "consent", "message": _(
            "Registration needs your consent to keep these details for the fair.")})
    return clean, errors


def address_hash(address: str, secret: str) -> str:
    """A keyed hash of the caller's address: enough to count registrations, without storing the address."""
    return hmac.new(secret.encode(), (address or "").encode(), hashlib.blake2b).hexdigest()[:32]


def registration_open(fair: Fair) -> bool:
    """Visitors register from the fair's opening for applications until it closes."""
    return fair.status in REGISTRATION_STATUSES


def _throttle(session, fair: Fair, address_key: str, *, now: datetime, per_hour: int) -> None:
    recent = session.scalar(sa.select(sa.func.count()).select_from(Visitor).where(
        Visitor.address_hash == address_key, Visitor.created_at >= now - timedelta(hours=1)))
    if recent >= per_hour:
        raise TooManyRequests(_("Too many registrations from this connection. Please try again in an hour."),
                              retry_after=3600)


def find_visitor_by_email(session, fair: Fair, email: str) -> Visitor | None:
    """The fair's visitor registered with this e-mail, if any."""
    return session.scalar(sa.select(Visitor).where(Visitor.fair_id == fair.id, Visitor.email == email.lower()))


def register_visitor(session, fair: Fair, values: dict, *, source: str, actor: User | None, now: datetime,
                     address_key: str | None = None, per_hour: int = 30) -> tuple[Visitor, bool]:
    """Register a visitor (or find the one already registered with this e-mail): (visitor, created).

    Public registrations (`source="web"`) need consent and are limited per address and hour.
    """
    if not registration_open(fair):
        raise Conflict(_("Registration for this fair is closed."))
    desk = source in ("desk", "import", "api")
    clean, errors = check_visitor_values(values, email_required=not desk, consent_required=source == "web")
    if errors:
        raise ValidationFailed(errors)
    if clean["email"]:
        existing = find_visitor_by_email(session, fair, clean["email"])
        if existing is not None:
            return existing, False
    if source == "web" and address_key:
        _throttle(session, fair, address_key, now=now, per_hour=per_hour)
    visitor = Visitor(fair_id=fair.id, source=source, consent_at=now if values.get("consent") else None,
                      address_hash=address_key, created_by_id=getattr(actor, "id", None), created_at=now, **clean)
    try:
        with session.begin_nested():
            session.add(visitor)
            session.flush()
    except IntegrityError:  # the same e-mail registered a moment ago: the constraint decided
        existing = find_visitor_by_email(session, fair, clean["email"] or "")
        if existing is None:
            raise
        return existing, False
    issue_badge(session, visitor, now=now)
    return visitor, True


def fair_key(session, fair: Fair, *, now: datetime) -> FairKey:
    """The fair's signing key pair, made on first use (the unique fair id decides a race)."""
    key = session.scalar(sa.select(FairKey).where(FairKey.fair_id == fair.id))
    if key is not None:
        return key
    seed, public = new_seed(secrets.token_bytes(32))
    key = FairKey(fair_id=fair.id, public_key=public, sealed_seed=seal(seed), created_at=now)
    try:
        with session.begin_nested():
            session.add(key)
            session.flush()
    except IntegrityError:
        key = session.scalar(sa.select(FairKey).where(FairKey.fair_id == fair.id))
    return key


def issue_badge(session, visitor: Visitor, *, now: datetime) -> Badge:
    """A new badge with a random serial (unguessable, and it does not reveal how many visitors there are)."""
    for _attempt in range(5):
        badge = Badge(fair_id=visitor.fair_id, visitor_id=visitor.id, serial=secrets.randbelow(MAX_SERIAL) + 1,
                      issued_at=now)
        try:
            with session.begin_nested():
                session.add(badge)
                session.flush()
            return badge
        except IntegrityError:
            continue
    raise Conflict(_("Could not issue a badge; please try again."))


def issue_badges(session, fair_id: int, visitor_ids: list[int], *, now: datetime) -> None:
    """A new badge for each of many visitors of one fair (an import), a statement per 5,000: random serials as
    `issue_badge` draws them, kept apart from each other and from the fair's badges by a query per SERIAL_CHUNK."""
    serials: list[int] = []
    drawn: set[int] = set()
    while len(serials) < len(visitor_ids):
        fresh = sorted({secrets.randbelow(MAX_SERIAL) + 1 for _n in range(len(visitor_ids) - len(serials))} - drawn)
        taken = {serial for start in range(0, len(fresh), SERIAL_CHUNK) for serial in session.scalars(
            sa.select(Badge.serial).where(Badge.fair_id == fair_id,
                                          Badge.serial.in_(fresh[start:start + SERIAL_CHUNK])))}
        drawn.update(fresh)
        serials += [serial for serial in fresh if serial not in taken]
    secrets.SystemRandom().shuffle(serials)  # sorted above: the order of serials must not follow the visitors'
    insert_rows(session, Badge, ({"fair_id": fair_id, "visitor_id": visitor_id, "serial": serial, "issued_at": now}
                                 for visitor_id, serial in zip(visitor_ids, serials, strict=True)))


def current_badge(session, visitor: Visitor) -> Badge | None:
    """The visitor's badge in force (the newest not revoked)."""
    return session.scalar(sa.select(Badge).where(Badge.visitor_id == visitor.id, Badge.revoked_at.is_(None))
                          .order_by(Badge.id.desc()).limit(1))


def badge_in_force(session, visitor: Visitor) -> Badge:
    """The visitor's valid badge, or NotFound when every one was revoked."""
    badge = current_badge(session, visitor)
    if badge is None:
        raise NotFound(_("This visitor has no valid badge."))
    return badge


def reissue_badge(session, visitor: Visitor, *, actor: User, now: datetime) -> Badge:
    """A lost badge: revoke the serial in force and issue a new one (gates refuse the old code)."""
    if actor.role not in STAFF_ROLES:
        raise PermissionDenied(_("Only fair staff reissue badges."))
    old = current_badge(session, visitor)
    if old is not None:
        old.revoked_at = now
    badge = issue_badge(session, visitor, now=now)
    record_audit(session, actor, "badge.reissue", visitor, now=now,
                 before={"serial": old.serial if old else None}, after={"serial": badge.serial})
    return badge


def code_signer(session, fair: Fair, *, now: datetime) -> Callable[[int], str]:
    """serial -> the signed code of that badge at `fair`; the fair's key is read and unsealed once."""
    seed = unseal(fair_key(session, fair, now=now).sealed_seed)
    return lambda serial: sign_code(fair.id, serial, seed)


def badge_code(session, badge: Badge, *, now: datetime) -> str:
    """The signed code printed in the badge's QR."""
    return code_signer(session, session.get(Fair, badge.fair_id), now=now)(badge.serial)


# A new salt: links signed before they carried the serial and expiry (the visitor id alone) no longer open.
_BADGE_LINK_SALT = "visitor-badge-link"


def badge_token(visitor: Visitor, badge: Badge, secret: str, *, days_after_fair: int) -> str:
    """An unguessable link key for one badge's page, PDF and meetings (sent to the visitor only): the visitor,
    the badge's serial, so a reissue kills it, and its last valid day, `days_after_fair` after the fair ends."""
    expires = visitor.fair.ends_on + timedelta(days=days_after_fair)
    return URLSafeSerializer(secret, salt=_BADGE_LINK_SALT).dumps([visitor.id, badge.serial, expires.isoformat()])


def badge_from_token(session, token: str, secret: str, *, today: date) -> tuple[Visitor, Badge]:
    """The visitor and badge a link belongs to: NotFound for a forged or broken link, Gone for the link of a
    revoked (reissued) badge or one past its last day."""
    try:
        visitor_id, serial, expires = URLSafeSerializer(secret, salt=_BADGE_LINK_SALT).loads(token)
        visitor_id, serial, expires = int(visitor_id), int(serial), date.fromisoformat(expires)
    except (BadSignature, TypeError, ValueError) as error:
        raise NotFound(_("No such badge.")) from error
    badge = session.scalar(sa.select(Badge).where(Badge.visitor_id == visitor_id, Badge.serial == serial))
    if badge is None:
        raise NotFound(_("No such badge."))
    if badge.revoked_at is not None:
        raise Gone(_("This badge was replaced by a new one, so this link no longer works. Use the link of the "
                     "new badge, or ask at the fair's registration desk."))
    if today > expires:
        raise Gone(_("This badge link has expired: the fair is over."))
    return get_visitor(session, visitor_id), badge


def send_badge_mail(session, visitor: Visitor, *, badge_url: str, pdf_url: str, again: bool, now: datetime) -> None:
    """E-mail the visitor the link to the badge and its PDF (through the outbox)."""
    if not visitor.email:
        return
    fair = visitor.fair
    subject = _("Your badge for %(fair)s", fair=fair.name_vi)
    intro = _("You were already registered; here is your badge again.") if again else _("Thank you for registering.")
    body = _("Hello %(name)s,\n\n%(intro)s\n\nShow this badge at the gate of %(fair)s (%(venue)s):\n%(badge)s\n"
             "Printable badge (PDF): %(pdf)s", name=visitor.full_name, intro=intro, fair=fair.name_vi,
             venue=fair.venue, badge=badge_url, pdf=pdf_url)
    queue_mail(session, visitor.email, subject, body, now=now)


def resend_badge_mails(session, visitor_ids: list[int], *, links: Callable[[Visitor], tuple[str, str]],
                       now: datetime) -> int:
    """E-mail each visitor (who has an address) the badge link again; `links` gives (badge URL, PDF URL).
    Returns how many were e-mailed."""
    sent = 0
    for start in range(0, len(visitor_ids), 500):
        for visitor in session.scalars(sa.select(Visitor).where(Visitor.id.in_(visitor_ids[start:start + 500]),
                                                                Visitor.email.is_not(None))):
            badge_url, pdf_url = links(visitor)
            send_badge_mail(session, visitor, badge_url=badge_url, pdf_url=pdf_url, again=True, now=now)
            sent += 1
    return sent


def get_visitor(session, visitor_id: int) -> Visitor:
    """A visitor, or NotFound."""
    visitor = session.get(Visitor, visitor_id)
    if visitor is None:
        raise NotFound(_("No such visitor."))
    return visitor

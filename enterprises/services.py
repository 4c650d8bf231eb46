"""Enterprise rules: identity (tax code), origin (country, province), sector, and who acts for it."""

import re
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from accounts.services import check_email
from core.audit import record_audit
from core.errors import Conflict, NotFound, ValidationFailed
from core.pagination import PER_PAGE, Page, Sort, order_by, paginate
from core.reference.countries import country_name
from core.reference.origin import clean_origin
from core.reference.sectors import is_sector
from core.text import fold, ids_matching
from core.uploads import StoredFile, delete_stored_files, new_stored_file, sniff
from enterprises.access import officer_enterprise_filter, officer_may_read
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise, EnterpriseMember
from enterprises.vocabulary import ENTERPRISE_KINDS

FIELDS = ("legal_name", "name_en", "kind", "tax_code", "foreign_registration", "country", "province", "address",
          "sector", "products", "website", "contact_person", "phone", "email", "employees", "is_rural_industry")
_LIMITS = {"legal_name": 200, "name_en": 200, "foreign_registration": 60, "address": 300, "products": 2000,
           "website": 200, "contact_person": 120, "phone": 40}
READ_ALL_ROLES = ("admin", "organizer", "officer")


def _text(values: dict, field: str) -> str | None:
    value = values.get(field)
    text = str(value).strip() if value is not None else ""
    return text or None


def check_enterprise_values(values: dict) -> tuple[dict, list[dict]]:
    """Normalise a complete set of enterprise fields; return (clean values, errors by field)."""
    errors: list[dict] = []
    clean: dict = {}
    for field, limit in _LIMITS.items():
        text = _text(values, field)
        if text and len(text) > limit:
            errors.append({"field": field, "message": _("At most %(n)d characters.", n=limit)})
        clean[field] = text
    if not clean["legal_name"]:
        errors.append({"field": "legal_name", "message": _("This field is required.")})
    kind = values.get("kind")
    if kind not in ENTERPRISE_KINDS:
        errors.append({"field": "kind", "message": _("Unknown kind of enterprise.")})
    clean["kind"] = kind
    clean["country"], clean["province"], origin_errors = clean_origin(
        _text(values, "country"), _text(values, "province"), missing_province=_(
            "A Vietnamese enterprise needs its province: one of the 34 (former names are accepted)."))
    errors.extend(origin_errors)
    tax_text = _text(values, "tax_code")
    clean["tax_code"] = None
    if tax_text:
        tax_code = normalise_tax_code(tax_text)
        if tax_code is None:
            errors.append({"field": "tax_code", "message": _(
                "Not a valid Vietnamese tax code: 10 digits, or 13 for a branch (0100109106-001).")})
        clean["tax_code"] = tax_code
    sector = values.get("sector")
    if not is_sector(sector):
        errors.append({"field": "sector", "message": _("Unknown sector.")})
    clean["sector"] = sector
    clean["email"], email_errors = check_email(_text(values, "email"))
    errors.extend(email_errors)
    if clean["website"] and not re.match(r"^https?://", clean["website"], re.IGNORECASE):
        clean["website"] = "https://" + clean["website"]
    employees = values.get("employees")
    clean["employees"] = None
    if employees not in (None, ""):
        try:
            clean["employees"] = int(employees)
            if clean["employees"] < 0:
                raise ValueError
        except (TypeError, ValueError):
            errors.append({"field": "employees", "message": _("Give a whole number of people.")})
    clean["is_rural_industry"] = bool(values.get("is_rural_industry"))
    return clean, errors


def _ensure_tax_code_free(session, tax_code: str | None, enterprise_id: int | None) -> None:
    if not tax_code:
        return
    query = sa.select(Enterprise.id).where(Enterprise.tax_code == tax_code)
    if enterprise_id is not None:
        query = query.where(Enterprise.id != enterprise_id)
    if session.scalar(query) is not None:
        raise Conflict(_("An enterprise with tax code %(code)s is already registered. Ask the person who "
                         "manages its account, or the organizer, to add you.", code=tax_code), field="tax_code")


def _flush(session, tax_code: str | None) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        if "tax_code" in str(error.orig):  # two registrations racing: the unique constraint decides
            raise Conflict(_("An enterprise with tax code %(code)s is already registered. Ask the person who "
                             "manages its account, or the organizer, to add you.", code=tax_code),
                           field="tax_code") from error
        raise


def enterprise_of(session, user: User) -> Enterprise | None:
    """The enterprise `user` acts for, or None."""
    return session.scalar(sa.select(Enterprise).join(EnterpriseMember)
                          .where(EnterpriseMember.user_id == user.id))


def create_enterprise(session, values: dict, *, actor: User | None, now: datetime) -> Enterprise:
    """Register an enterprise; an exhibitor becomes its owner (one enterprise per exhibitor account)."""
    clean, errors = check_enterprise_values(values)
    if errors:
        raise ValidationFailed(errors)
    becomes_owner = actor is not None and actor.role == "exhibitor"
    if becomes_owner and enterprise_of(session, actor) is not None:
        raise Conflict(_("Your account already acts for an enterprise."))
    _ensure_tax_code_free(session, clean["tax_code"], None)
    enterprise = Enterprise(**clean, created_at=now, updated_at=now)
    session.add(enterprise)
    _flush(session, clean["tax_code"])
    if becomes_owner:
        session.add(EnterpriseMember(user_id=actor.id, enterprise=enterprise, role="owner", joined_at=now))
        session.flush()
    record_audit(session, actor, "enterprise.create", enterprise, now=now,
                 after={"legal_name": enterprise.legal_name, "tax_code": enterprise.tax_code})
    return enterprise


def update_enterprise(session, enterprise: Enterprise, values: dict, *, actor: User, now: datetime) -> Enterprise:
    """Change an enterprise's profile, with the same rules as registration."""
    merged = {field: values.get(field, getattr(enterprise, field)) for field in FIELDS}
    clean, errors = check_enterprise_values(merged)
    if errors:
        raise ValidationFailed(errors)
    _ensure_tax_code_free(session, clean["tax_code"], enterprise.id)
    before = {field: getattr(enterprise, field) for field in ("legal_name", "tax_code", "province", "country")}
    for field, value in clean.items():
        setattr(enterprise, field, value)
    enterprise.updated_at = now
    _flush(session, clean["tax_code"])
    record_audit(session, actor, "enterprise.update", enterprise, now=now, before=before,
                 after={field: getattr(enterprise, field) for field in before})
    return enterprise


def may_manage_enterprise(session, enterprise: Enterprise, user: User) -> bool:
    """Organizers and admins manage every enterprise; an exhibitor only its own."""
    if user.role in ("admin", "organizer"):
        return True
    return session.scalar(sa.select(EnterpriseMember.user_id).where(
        EnterpriseMember.user_id == user.id, EnterpriseMember.enterprise_id == enterprise.id)) is not None


def get_enterprise_for(session, enterprise_id: int, user: User) -> Enterprise:
    """The enterprise if `user` may see it; NotFound otherwise (others' data does not exist for them): an officer
    bound to a province reads that province's only."""
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(_("No such enterprise."))
    if (user.role in READ_ALL_ROLES and officer_may_read(session, user, enterprise)) or may_manage_enterprise(
            session, enterprise, user):
        return enterprise
    raise NotFound(_("No such enterprise."))


def list_enterprises(session, *, search: str = "", province: str = "", country: str = "", sector: str = "",
                     kind: str = "", limit: int = 500) -> list[Enterprise]:
    """Enterprises matching the filters, by name."""
    query = sa.select(Enterprise).order_by(Enterprise.legal_name).limit(limit)
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(sa.or_(Enterprise.legal_name.ilike(pattern), Enterprise.name_en.ilike(pattern),
                                   Enterprise.tax_code.ilike(pattern)))
    for column, value in ((Enterprise.province, province), (Enterprise.country, country.upper()),
                          (Enterprise.sector, sector), (Enterprise.kind, kind)):
        if value:
            query = query.where(column == value)
    return list(session.scalars(query))


ENTERPRISE_FILTERS = ("q", "province", "country", "sector", "kind", "rural")
ENTERPRISE_SORTS = {
    "name": (Enterprise.legal_name, Enterprise.id),
    "kind": (Enterprise.kind, Enterprise.id),
    "origin": (Enterprise.province, Enterprise.country, Enterprise.id),
    "sector": (Enterprise.sector, Enterprise.id),
    "created": (Enterprise.created_at, Enterprise.id),
}


def enterprise_page(session, filters: dict, sort: Sort, *, page: int, viewer: User,
                    per_page: int = PER_PAGE) -> Page:
    """One page of the enterprises `viewer` may read (an officer bound to a province: that province's) matching
    the filters: a search of names (accents aside), tax codes and e-mails, and choices of province, country,
    sector, kind and the rural-industry flag."""
    query = sa.select(Enterprise)
    scope = officer_enterprise_filter(session, viewer)
    if scope is not None:
        query = query.where(scope)
    for column, value in ((Enterprise.province, filters.get("province")),
                          (Enterprise.country, (filters.get("country") or "").upper()),
                          (Enterprise.sector, filters.get("sector")), (Enterprise.kind, filters.get("kind"))):
        if value:
            query = query.where(column == value)
    if filters.get("rural") in ("yes", "no"):
        query = query.where(Enterprise.is_rural_industry.is_(filters["rural"] == "yes"))
    if fold(filters.get("q") or ""):
        def rows():
            yield from session.execute(sa.select(Enterprise.id, Enterprise.legal_name, Enterprise.name_en,
                                                 Enterprise.tax_code, Enterprise.foreign_registration,
                                                 Enterprise.email, Enterprise.contact_person))
            yield from session.execute(sa.select(EnterpriseMember.enterprise_id, User.email)
                                       .join(User, User.id == EnterpriseMember.user_id))
        query = query.where(Enterprise.id.in_(ids_matching(filters["q"], rows())))
    return paginate(session, query.order_by(*order_by(sort, ENTERPRISE_SORTS)), page=page, per_page=per_page)


def enterprise_choices(session, *, language: str) -> dict:
    """The filters' choices the registered enterprises have: countries by name, provinces."""
    countries = session.scalars(sa.select(Enterprise.country).distinct())
    provinces = session.scalars(sa.select(Enterprise.province).where(Enterprise.province.is_not(None)).distinct())
    return {"countries": sorted(((code, country_name(code, language)) for code in countries),
                                key=lambda pair: fold(pair[1])),
            "provinces": sorted(provinces, key=fold)}


def find_enterprise_by_tax_code(session, tax_code: str) -> Enterprise | None:
    """The enterprise registered with this (normalised) tax code, or None."""
    return session.scalar(sa.select(Enterprise).where(Enterprise.tax_code == tax_code))


def list_members(session, enterprise: Enterprise) -> list[EnterpriseMember]:
    """The people acting for an enterprise, owners first."""
    return list(session.scalars(sa.select(EnterpriseMember).join(User, User.id == EnterpriseMember.user_id)
                                .where(EnterpriseMember.enterprise_id == enterprise.id)
                                .order_by(EnterpriseMember.role.desc(), User.email)))


LOGO_TYPES = ("image/png", "image/jpeg", "image/webp")
MAX_LOGO_BYTES = 2 * 1024 * 1024


def set_logo(session, enterprise: Enterprise, data: bytes, *, actor: User, now: datetime) -> StoredFile:
    """Replace the enterprise's logo with an image (PNG, JPEG or WebP by content, at most 2 MB)."""
    if not may_manage_enterprise(session, enterprise, actor):
        raise NotFound(_("No such enterprise."))
    sniffed = sniff(data or b"")
    if sniffed is None or sniffed.media_type not in LOGO_TYPES:
        raise ValidationFailed([{"field": "logo", "message": _("The logo must be a PNG, JPEG or WebP image.")}])
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationFailed([{"field": "logo", "message": _("The logo may be at most 2 MB.")}])
    delete_stored_files(session, list(session.scalars(sa.select(StoredFile).where(
        StoredFile.owner_type == "enterprise", StoredFile.owner_id == enterprise.id, StoredFile.purpose == "logo"))))
    stored = new_stored_file(session, data=data, media_type=sniffed.media_type, now=now, owner_type="enterprise",
                             owner_id=enterprise.id, purpose="logo", filename="logo" + sniffed.extension,
                             uploaded_by_id=actor.id)
    record_audit(session, actor, "enterprise.logo", enterprise, now=now, after={"bytes": len(data)})
    return stored


def logo_of(session, enterprise: Enterprise) -> StoredFile | None:
    """The enterprise's current logo, or None."""
    return session.scalar(sa.select(StoredFile).where(StoredFile.owner_type == "enterprise",
                                                      StoredFile.owner_id == enterprise.id,
                                                      StoredFile.purpose == "logo"))

"""Enterprise rules in the services and the database: tax codes, provinces, membership, filters."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from core.db import utcnow
from core.errors import Conflict, ValidationFailed
from core.extensions import db
from enterprises.models import Enterprise
from enterprises.services import (
    create_enterprise,
    enterprise_of,
    list_enterprises,
    may_manage_enterprise,
    update_enterprise,
)
from tests.enterprises.helpers import OTHER_TAX_CODE, VALID_TAX_CODE
from tests.races import all_read_before_any_writes, run_racers


def _values(**over) -> dict:
    values = {"legal_name": "Cơ sở Mây tre Phú Vinh", "name_en": "Phu Vinh Rattan", "kind": "rural_establishment",
              "tax_code": None, "country": "VN", "province": "Quảng Nam", "sector": "handicraft",
              "is_rural_industry": True}
    values.update(over)
    return values


def _fields(error: ValidationFailed) -> list[str]:
    return [item["field"] for item in error.errors]


def test_a_former_province_is_stored_as_todays_unit(session):
    """A province written with its former name ("Tỉnh Hải Dương") is stored as today's unit."""
    enterprise = create_enterprise(session, _values(province="Tỉnh Hải Dương"), actor=None, now=utcnow())
    assert enterprise.province == "Hải Phòng"


def test_an_organizer_actor_owns_nothing(session, make_user):
    """An organizer registering an enterprise does not become a member of it."""
    organizer = make_user(role="organizer")
    create_enterprise(session, _values(), actor=organizer, now=utcnow())
    assert enterprise_of(session, organizer) is None


def test_an_exhibitor_actor_acts_for_the_new_enterprise(session, make_user):
    """An exhibitor registering an enterprise acts for it afterwards."""
    exhibitor = make_user(role="exhibitor")
    enterprise = create_enterprise(session, _values(), actor=exhibitor, now=utcnow())
    assert enterprise_of(session, exhibitor) is enterprise


def test_the_english_message_names_the_tax_code_format(app_ctx, session):
    """A refused tax code explains the format in English."""
    with force_locale("en"), pytest.raises(ValidationFailed) as refused:
        create_enterprise(session, _values(tax_code="0100109107"), actor=None, now=utcnow())
    assert _fields(refused.value) == ["tax_code"]
    assert "10 digits, or 13 for a branch" in refused.value.errors[0]["message"]


def test_every_broken_field_is_reported_at_once(app_ctx, session):
    """Several wrong fields are reported together, each by name."""
    with force_locale("en"), pytest.raises(ValidationFailed) as refused:
        create_enterprise(session, _values(legal_name="", kind="x", province=None, sector="x", email="not-mail",
                                           employees="many"), actor=None, now=utcnow())
    assert sorted(_fields(refused.value)) == ["email", "employees", "kind", "legal_name", "province", "sector"]


def test_the_website_gets_a_scheme_and_the_email_is_lowered(session):
    """A bare website gains https:// and the contact e-mail is normalised to lower case."""
    enterprise = create_enterprise(session, _values(website="phuvinh.vn", email="Info@PhuVinh.VN"), actor=None,
                                   now=utcnow())
    assert (enterprise.website, enterprise.email) == ("https://phuvinh.vn", "info@phuvinh.vn")


def test_an_update_keeps_its_own_tax_code(session):
    """Saving an enterprise with its own tax code is not a duplicate."""
    enterprise = create_enterprise(session, _values(tax_code=VALID_TAX_CODE), actor=None, now=utcnow())
    update_enterprise(session, enterprise, {"name_en": "Renamed"}, actor=None, now=utcnow())
    assert (enterprise.name_en, enterprise.tax_code) == ("Renamed", VALID_TAX_CODE)


def test_an_update_cannot_take_another_enterprises_tax_code(app_ctx, session):
    """Changing the tax code to one already registered is a Conflict naming tax_code, and nothing changes."""
    create_enterprise(session, _values(tax_code=VALID_TAX_CODE), actor=None, now=utcnow())
    other = create_enterprise(session, _values(tax_code=OTHER_TAX_CODE), actor=None, now=utcnow())
    with force_locale("en"), pytest.raises(Conflict) as refused:
        update_enterprise(session, other, {"tax_code": "0100109106"}, actor=None, now=utcnow())
    assert refused.value.errors[0]["field"] == "tax_code"
    assert other.tax_code == OTHER_TAX_CODE


def test_an_update_is_validated_like_a_registration(app_ctx, session):
    """Removing a Vietnamese enterprise's province is refused, naming province."""
    enterprise = create_enterprise(session, _values(), actor=None, now=utcnow())
    with force_locale("en"), pytest.raises(ValidationFailed) as refused:
        update_enterprise(session, enterprise, {"province": ""}, actor=None, now=utcnow())
    assert _fields(refused.value) == ["province"]
    assert enterprise.province == "Đà Nẵng"  # Quảng Nam merged into Đà Nẵng


def test_the_database_refuses_a_duplicate_tax_code(session, make_enterprise):
    """Two rows with the same tax code break the unique constraint (the race the service cannot see)."""
    make_enterprise(tax_code=VALID_TAX_CODE)
    with pytest.raises(IntegrityError):
        make_enterprise(tax_code=VALID_TAX_CODE)


def test_the_database_refuses_a_vietnamese_enterprise_without_province(session, make_enterprise):
    """The check constraint refuses country VN with no province."""
    with pytest.raises(IntegrityError):
        make_enterprise(country="VN", province=None)


def test_the_database_refuses_negative_employees(session, make_enterprise):
    """The check constraint refuses a negative number of employees."""
    with pytest.raises(IntegrityError):
        make_enterprise(employees=-1)


def test_the_database_refuses_an_unknown_kind(session, make_enterprise):
    """The check constraint refuses a kind outside the four known."""
    with pytest.raises(IntegrityError):
        make_enterprise(kind="corporation")


def test_an_exhibitor_manages_only_its_own_enterprise(session, make_user, make_enterprise):
    """may_manage_enterprise: own yes, another's no; organizers and admins every one; officers none."""
    exhibitor = make_user(role="exhibitor")
    own, other = make_enterprise(owner=exhibitor), make_enterprise(owner=make_user(role="exhibitor"))
    assert may_manage_enterprise(session, own, exhibitor)
    assert not may_manage_enterprise(session, other, exhibitor)
    assert may_manage_enterprise(session, other, make_user(role="organizer"))
    assert may_manage_enterprise(session, other, make_user(role="admin"))
    assert not may_manage_enterprise(session, other, make_user(role="officer"))


def test_the_enterprise_list_filters(session, make_enterprise):
    """list_enterprises filters by province, country, sector, kind and a name or tax-code search."""
    hanoi = make_enterprise(legal_name="A Hà Nội", province="Hà Nội", tax_code=VALID_TAX_CODE)
    haiphong = make_enterprise(legal_name="B Hải Phòng", province="Hải Phòng", sector="food_processing",
                               kind="cooperative")
    japan = make_enterprise(legal_name="C Japan", name_en="Kyoto Lacquer", country="JP", province=None)
    assert list_enterprises(session, province="Hải Phòng") == [haiphong]
    assert list_enterprises(session, country="jp") == [japan]
    assert list_enterprises(session, sector="food_processing") == [haiphong]
    assert list_enterprises(session, kind="cooperative") == [haiphong]
    assert list_enterprises(session, search="kyoto") == [japan]
    assert list_enterprises(session, search="0100109") == [hanoi]
    assert list_enterprises(session) == [hanoi, haiphong, japan]


def test_the_model_names_itself_in_the_language_asked(make_enterprise):
    """Enterprise.name gives the English name in English, the legal name otherwise or when none."""
    named = make_enterprise(legal_name="Công ty Lụa", name_en="Silk Co")
    unnamed = make_enterprise(legal_name="Hộ Kinh doanh Tâm", name_en=None)
    assert (named.name("en"), named.name("vi"), unnamed.name("en")) == ("Silk Co", "Công ty Lụa", "Hộ Kinh doanh Tâm")


def test_enterprise_of_is_none_without_membership(session, make_user, make_enterprise):
    """A user who belongs to no enterprise acts for none."""
    make_enterprise()
    assert enterprise_of(session, make_user(role="exhibitor")) is None


def test_created_enterprise_is_in_the_session(session):
    """create_enterprise flushes: the enterprise has an id and is found by query before any commit."""
    enterprise = create_enterprise(session, _values(), actor=None, now=utcnow())
    assert enterprise.id is not None and session.get(Enterprise, enterprise.id) is enterprise


def _looks_the_tax_code_up(statement: str) -> bool:
    """_ensure_tax_code_free's read: an enterprise with this tax code?"""
    return statement.startswith("SELECT enterprise.id") and "enterprise.tax_code =" in statement


def test_two_registrations_of_one_tax_code_that_both_found_it_free_store_one(app, session):
    """Two organizers register the same tax code at once, both held until each has found it free: the unique
    tax code refuses the second with the form's Conflict. Without it two enterprises share the code, every run."""

    def register() -> None:
        create_enterprise(db.session, _values(tax_code=VALID_TAX_CODE), actor=None, now=utcnow())

    outcomes = run_racers(app, [register, register], all_read_before_any_writes(db.engine, _looks_the_tax_code_up, 2),
                          timeout=60)
    session.expire_all()
    assert outcomes == ["done", "refused"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Enterprise)) == 1

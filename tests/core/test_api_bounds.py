"""Inputs the database cannot hold are refused at the edge as problem documents, never a 500.

Each test is one cause schemathesis found (issue 17); they run on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL, where most of these were server errors.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from booths.layout.models import Booth
from contracts.models import Contract, FxRate
from core.db import utcnow
from fairs.models import Fair

PROBLEM = "application/problem+json"


def _fields(response) -> set:
    assert response.mimetype == PROBLEM, response.get_data(as_text=True)[:300]
    return {error.get("field") for error in response.json.get("errors", [])}


def _fair_body(**over) -> dict:
    body = {"code": "HN-BOUNDS-2026", "name_vi": "Hội chợ", "name_en": "Fair", "venue": "Giảng Võ",
            "province": "Hà Nội", "starts_on": "2026-10-01", "ends_on": "2026-10-04"}
    body.update(over)
    return body


@pytest.fixture
def trading_fair(session, make_fair, make_enterprise, make_application, make_user):
    """A running fair with an approved exhibitor and a USD rate."""
    fair = make_fair(status="running")
    seller = make_enterprise(owner=make_user(role="exhibitor"))
    make_application(fair=fair, enterprise=seller, status="approved")
    session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=Decimal("25400"),
                       valid_on=fair.starts_on - timedelta(days=30), created_at=utcnow()))
    session.commit()
    return fair, seller


def _contract(fair, seller, **over) -> dict:
    body = {"seller_enterprise_id": seller.id, "buyer_name": "Kyoto Trading", "buyer_country": "JP",
            "kind": "contract", "category": "handicraft", "amount": "100", "currency": "USD",
            "signed_on": fair.starts_on.isoformat()}
    body.update(over)
    return body


# ---- integers beyond the column's range ------------------------------------------------------------------


@pytest.mark.parametrize("fair_id", ["2147483648", "9223372036854775808", "99999999999999999999999"])
def test_a_path_id_past_the_integer_column_is_not_found(api, client, fair_id):
    """An id past 2^31 − 1 (PostgreSQL's integer) matches no route: 404, on the API and on pages."""
    response = api("organizer").get(f"/api/v1/fairs/{fair_id}")
    assert response.status_code == 404 and response.mimetype == PROBLEM
    assert api("organizer").get(f"/api/v1/fairs/{fair_id}/contracts").status_code == 404
    assert client.get(f"/fairs/{fair_id}").status_code == 404


def test_the_openapi_document_states_the_id_range(client):
    """Path ids are documented as integers from 0 to 2^31 − 1."""
    spec = client.get("/api/v1/openapi.json").get_json()
    parameter = next(p for p in spec["paths"]["/api/v1/fairs/{fair_id}"]["parameters"] if p["name"] == "fair_id")
    assert parameter["schema"]["maximum"] == 2**31 - 1


def test_body_ids_counts_and_seeds_are_bounded_by_field(api, session, trading_fair, make_fair):
    """A body id, a head count or a seed past its column is a 422 naming that field."""
    fair, seller = trading_fair
    organizer = api("organizer")
    response = organizer.post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller,
                              seller_enterprise_id=2**31))
    assert response.status_code == 422 and _fields(response) == {"seller_enterprise_id"}
    response = organizer.post("/api/v1/enterprises", {"name": "HTX", "kind": "cooperative", "country": "VN",
                                                      "province": "Hà Nội", "sector": "handicraft",
                                                      "employees": 9223372036854775808})
    assert response.status_code == 422 and _fields(response) == {"employees"}
    allocating = make_fair(status="allocating", code="HN-ALLOC-2026")
    session.commit()
    for seed in (2**63, -1, 1.5, True, "1e999999999"):
        response = organizer.post(f"/api/v1/fairs/{allocating.id}/allocations", {"seed": seed})
        assert response.status_code == 422 and _fields(response) == {"seed"}, seed


def test_a_huge_exponent_is_refused_without_building_the_number(api, trading_fair):
    """1e999999999 parses as a Decimal; converting it to int would take minutes: it is refused first."""
    fair, seller = trading_fair
    body = json.dumps(_contract(fair, seller)).replace(f'"seller_enterprise_id": {seller.id}',
                                                       '"seller_enterprise_id": 1e999999999')
    response = _post_raw(api, f"/api/v1/fairs/{fair.id}/contracts", body)
    assert response.status_code == 422 and _fields(response) == {"seller_enterprise_id"}


def test_a_report_filter_past_the_integer_column_is_refused(api):
    """?fair_id=9223372036854775808 is a 422 naming fair_id, not a database error."""
    response = api("organizer").get("/api/v1/reports/supported-enterprises", fair_id="9223372036854775808")
    assert response.status_code == 422 and _fields(response) == {"fair_id"}
    response = api("organizer").get("/api/v1/reports/supported-enterprises", fair_id="²")
    assert response.status_code == 422 and _fields(response) == {"fair_id"}


# ---- decimals: exact, bounded, never rounded to zero, never a list ------------------------------------------


def test_a_json_number_rate_is_recorded_exactly(api, session, trading_fair):
    """168.5 as a JSON number is 168.5 exactly (read as a Decimal, never a float)."""
    fair, _seller = trading_fair
    response = _post_raw(api, f"/api/v1/fairs/{fair.id}/fx-rates",
                         '{"currency": "JPY", "rate_to_vnd": 168.5, "on": "' + fair.starts_on.isoformat() + '"}')
    assert response.status_code == 201, response.json
    assert Decimal(response.json["rate_to_vnd"]) == Decimal("168.5")
    assert session.scalar(sa.select(FxRate.rate_to_vnd).where(FxRate.currency == "JPY")) == Decimal("168.5")


@pytest.mark.parametrize("rate", ["1e25", 1e25, "1000000000", "0.0000001", 0.0000001, "0", "-3", "NaN",
                                  "Infinity", "1,5", [0, [4, 2], 1], True, {"value": 1}])
def test_a_rate_the_column_cannot_hold_is_refused(api, session, trading_fair, rate):
    """Too large, finer than the six decimals stored (it would round to zero), non-finite or not a number: 422."""
    fair, _seller = trading_fair
    response = api("organizer").post(f"/api/v1/fairs/{fair.id}/fx-rates",
                                     {"currency": "JPY", "rate_to_vnd": rate, "on": fair.starts_on.isoformat()})
    assert response.status_code == 422 and _fields(response) == {"rate_to_vnd"}
    assert session.scalar(sa.select(sa.func.count()).select_from(FxRate).where(FxRate.currency == "JPY")) == 0


@pytest.mark.parametrize("amount", ["99999999999999999999999999", 99999999999999999999999999, [0, [4, 2], 1],
                                    "1.005", "0.001", False, "1e3"])
def test_an_amount_the_column_cannot_hold_is_refused(api, session, trading_fair, amount):
    """An amount past Numeric(20, 2), with a third decimal, or a list (once read as 420) is a 422 on amount."""
    fair, seller = trading_fair
    response = api("organizer").post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller, amount=amount))
    assert response.status_code == 422 and _fields(response) == {"amount"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_a_value_too_large_for_the_vnd_column_is_refused(api, session, trading_fair):
    """Each number fits its column but amount × rate does not fit value_vnd (22 digits): 422, not overflow."""
    fair, seller = trading_fair
    response = api("organizer").post(f"/api/v1/fairs/{fair.id}/contracts", _contract(
        fair, seller, amount="9999999999999.99", fx_rate_to_vnd="999999999.999999"))
    assert response.status_code == 422 and _fields(response) == {"amount"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_an_amount_as_a_json_number_is_exact(api, session, trading_fair):
    """1000.5 as a JSON number is 1000.50, and goes out as a decimal string."""
    fair, seller = trading_fair
    body = json.dumps(_contract(fair, seller)).replace('"amount": "100"', '"amount": 1000.5')
    response = _post_raw(api, f"/api/v1/fairs/{fair.id}/contracts", body)
    assert response.status_code == 201, response.json
    assert response.json["amount"] == "1000.50"
    assert session.scalar(sa.select(Contract.value_vnd)) == Decimal("25412700")


def test_a_json_number_with_digits_past_a_float_is_refused_not_rounded(api, session, trading_fair):
    """100.0000000000000000001 as a JSON number: a float would read 100.0 and record it; the API sees every digit
    and refuses the third decimal."""
    fair, seller = trading_fair
    body = json.dumps(_contract(fair, seller)).replace('"amount": "100"', '"amount": 100.0000000000000000001')
    response = _post_raw(api, f"/api/v1/fairs/{fair.id}/contracts", body)
    assert response.status_code == 422 and _fields(response) == {"amount"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_the_largest_amount_comes_back_exactly_from_either_database(api, session, trading_fair):
    """9,999,999,999,999.99 (15 digits, what SQLite's REAL keeps) is recorded and read back to the cent."""
    fair, seller = trading_fair
    response = api("organizer").post(f"/api/v1/fairs/{fair.id}/contracts", _contract(
        fair, seller, amount="9999999999999.99", currency="VND"))
    assert response.status_code == 201, response.json
    session.expire_all()
    assert session.scalar(sa.select(Contract.amount)) == Decimal("9999999999999.99")
    response = api("organizer").post(f"/api/v1/fairs/{fair.id}/contracts", _contract(
        fair, seller, amount="10000000000000", currency="VND", buyer_name="Other"))
    assert response.status_code == 422 and _fields(response) == {"amount"}


def test_the_openapi_document_declares_money_as_decimal_strings(client):
    """Money and rates are `type: string, format: decimal` with a pattern."""
    spec = client.get("/api/v1/openapi.json").get_json()
    rate = spec["components"]["schemas"]["FxRateIn"]["properties"]["rate_to_vnd"]
    assert rate["type"] == "string" and rate["format"] == "decimal" and rate["pattern"]


# ---- NUL bytes, lone surrogates, deep JSON -----------------------------------------------------------------


def _post_raw(api, path: str, body: str):
    caller = api("organizer")
    return caller.client.post(path, data=body.encode("utf-8", "surrogatepass"), content_type="application/json",
                              headers=caller.headers)


@pytest.fixture
def api(api, client):
    """The shared `api` fixture, whose callers also expose the test client (for raw bodies)."""

    def _caller(role=None):
        caller = api(role)
        caller.client = client
        return caller

    return _caller


def test_a_nul_byte_in_any_string_is_refused_by_field(api, session):
    """A NUL byte (a 500 on PostgreSQL) is a 422 naming the field; nothing is stored."""
    response = api("organizer").post("/api/v1/fairs", _fair_body(name_vi="Hội\x00chợ"))
    assert response.status_code == 422 and _fields(response) == {"name_vi"}
    response = api("organizer").get("/api/v1/fairs", q="a\x00b")
    assert response.status_code == 422
    assert session.scalar(sa.select(sa.func.count()).select_from(Fair)) == 0


def test_a_lone_surrogate_is_refused_by_field(api, session):
    """"\\ud800" decodes to text no database can encode: 422 naming the field."""
    body = json.dumps(_fair_body(name_en="PLACEHOLDER")).replace("PLACEHOLDER", "\\ud800")
    response = _post_raw(api, "/api/v1/fairs", body)
    assert response.status_code == 422 and _fields(response) == {"name_en"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Fair)) == 0


def test_a_nul_byte_in_a_check_in_code_is_refused(api, client, login_as, make_fair, session):
    """The gate check-in, through the API and the scanner page, refuses a NUL byte with a 422."""
    fair = make_fair(status="running")
    session.commit()
    scan = {"code": "TF1.abc\x00def", "gate": "A", "nonce": "n" * 16}
    response = api("staff").post(f"/api/v1/fairs/{fair.id}/checkins", scan)
    assert response.status_code == 422 and _fields(response) == {"code"}
    login_as("staff")
    response = client.post(f"/fairs/{fair.id}/scan/checkins", json=scan)
    assert response.status_code == 422 and _fields(response) == {"code"}


def test_a_nul_byte_in_a_form_post_is_refused(client, login_as):
    """Pages share the guard: a NUL byte in a form field is refused before any view stores it."""
    login_as("organizer")
    response = client.post("/fairs/new", data={"code": "HN-X", "name_vi": "a\x00b"})
    assert response.status_code == 422


def test_deeply_nested_json_is_a_bad_request(api):
    """5,000 nested arrays (a RecursionError inside the parser) are a 400 problem document."""
    for body in ("[" * 5000 + "]" * 5000, '{"name_vi": ' + "[" * 40 + "]" * 40 + "}"):
        response = _post_raw(api, "/api/v1/fairs", body)
        assert response.status_code == 400 and response.mimetype == PROBLEM


# ---- dates in a plausible window ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_a_fair_outside_2000_to_2100_is_refused(api, session, day):
    """Years 0001 or 9999 broke contracts' date arithmetic later: the fair is refused at once."""
    response = api("organizer").post("/api/v1/fairs", _fair_body(starts_on=day, ends_on=day))
    assert response.status_code == 422 and _fields(response) == {"starts_on", "ends_on"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Fair)) == 0


def test_the_fair_form_refuses_the_year_9999(client, login_as, session):
    """The same window holds for the page's form (the rule is in the service)."""
    login_as("organizer")
    response = client.post("/fairs/new", data={**_fair_body(starts_on="9999-01-01", ends_on="9999-01-02")})
    assert response.status_code in (200, 422)
    assert "2100-12-31" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Fair)) == 0


# ---- CSV with old-Mac line ends ----------------------------------------------------------------------------


def test_a_csv_with_cr_line_ends_imports(api, session, make_fair, make_hall, make_zone):
    """Old-Mac exports end lines with a lone CR: read like any other CSV, not a 500."""
    fair = make_fair(status="draft")
    make_hall(fair=fair, name="A")
    make_zone(fair=fair, name_vi="Quốc tế", name_en="International", kind="international")
    session.commit()
    text = "code,hall,zone,x_m,y_m,width_m,depth_m,type,price_vnd\r" \
           "A01,A,International,0,0,3,3,standard,1000000\rA02,A,International,3,0,3,3,standard,1000000\r"
    response = api("organizer").post_csv(f"/api/v1/fairs/{fair.id}/booths/import", text)
    assert response.status_code == 201, response.json
    assert sorted(session.scalars(sa.select(Booth.code))) == ["A01", "A02"]


# ---- a locked SQLite database ------------------------------------------------------------------------------


def test_a_locked_database_is_a_503_with_retry_after(api, app, session):
    """While another connection holds SQLite's write lock past the busy timeout, a write is a 503, not a 500."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    organizer = api("organizer")
    holder = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"]).raw_connection()
    try:
        holder.execute("BEGIN IMMEDIATE")
        response = organizer.post("/api/v1/fairs", _fair_body())
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.mimetype == PROBLEM
    assert int(response.headers["Retry-After"]) > 0


def test_every_error_the_document_declares_is_a_problem_document(client):
    """Error responses (the shared 422 of every body included) are declared as application/problem+json."""
    spec = client.get("/api/v1/openapi.json").get_json()
    shared = spec["components"]["responses"]
    declared = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if status != "default" and int(status) < 400:
                    continue
                response = shared[response["$ref"].rsplit("/", 1)[1]] if "$ref" in response else response
                assert set(response.get("content", {})) <= {PROBLEM}, (method, path, status)
                declared += 1
    assert declared > 30
    value = spec["components"]["schemas"]["ContractOut"]["properties"]["value_vnd"]
    assert value["type"] == "string" and value["format"] == "decimal"


@pytest.mark.parametrize("error, status", [
    (sa.exc.OperationalError("INSERT …", {}, Exception("server closed the connection unexpectedly")), 503),
    (sa.exc.DataError("INSERT …", {}, Exception("numeric field overflow")), 422),
])
def test_database_errors_that_are_not_bugs_are_answered_as_such(api, monkeypatch, error, status):
    """A database that is down is a 503 with Retry-After; a value it refuses a 422; neither a 500."""
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("fairs.api.fairs_page", fail)
    response = api("organizer").get("/api/v1/fairs")
    assert response.status_code == status and response.mimetype == PROBLEM
    assert ("Retry-After" in response.headers) == (status == 503)

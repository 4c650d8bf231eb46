"""The main pages and API lists ask the database a fixed number of questions, however large the fair.

Each page is opened as its role on a fair with N items of every kind and again with 4N; the SQL statements
of the request are counted (SQLAlchemy's `before_cursor_execute`). A page fails if it issues more than
BUDGET statements, or if the larger fair costs more statements than the smaller (an N+1 query: one more
statement per row). Each page is opened once before counting, so per-process caches are warm for both sizes.
"""

import pytest
import sqlalchemy as sa

from accounts.models import User
from accounts.services import issue_api_token
from core.db import utcnow
from core.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.core.scale_world import World, build_world
from visitors.models import Visitor
from visitors.services import badge_in_force, badge_token

SMALL = 5
LARGE = 4 * SMALL
BUDGET = 40          # statements a page may issue at all
SLACK = 2            # statements the larger fair may add (e.g. a second page of a query that chunks)

# (name, role, path template); ids come from the World of each size.
PAGES = [
    ("organizer fair dashboard", "organizer", "/fairs/{fair_id}"),
    ("organizer fairs", "organizer", "/fairs/"),
    ("organizer review queue", "organizer", "/fairs/{fair_id}/applications"),
    ("organizer application", "organizer", "/applications/{application_id}"),
    ("organizer enterprises", "organizer", "/enterprises/"),
    ("organizer contracts", "organizer", "/fairs/{fair_id}/contracts"),
    ("organizer grants", "organizer", "/support/programmes/{programme_id}"),
    ("organizer programmes", "organizer", "/support/programmes"),
    ("organizer visitors", "organizer", "/fairs/{fair_id}/visitors"),
    ("organizer visitor", "organizer", "/fairs/{fair_id}/visitors/{visitor_id}"),
    ("organizer allocation", "organizer", "/fairs/{fair_id}/allocation"),
    ("organizer attendance", "organizer", "/fairs/{fair_id}/attendance"),
    ("organizer booth", "organizer", "/fairs/{fair_id}/booths/{booth_code}"),
    ("organizer results", "organizer", "/fairs/{fair_id}/results"),
    ("organizer hall plan", "organizer", "/fairs/{fair_id}/halls/{hall_id}/plan"),
    ("organizer desk", "organizer", "/fairs/{fair_id}/desk"),
    ("organizer desk search", "organizer", "/fairs/{fair_id}/desk?q=Kh%C3%A1ch"),
    ("organizer visitors filtered", "organizer", "/fairs/{fair_id}/visitors?type=trade_buyer&admitted=yes&country=JP"),
    ("organizer exhibitor staff", "organizer", "/applications/{own_application_id}/staff"),
    ("exhibitor staff", "exhibitor", "/applications/{own_application_id}/staff"),
    ("gate home", "staff", "/gate?list=1"),
    ("gate scanner", "staff", "/fairs/{fair_id}/scan"),
    ("gate attendance", "staff", "/fairs/{fair_id}/attendance"),
    ("exhibitor portal", "exhibitor", "/portal"),
    ("organizer contracts filtered", "organizer",
     "/fairs/{fair_id}/contracts?kind=contract&country=JP&verified=no&sort=seller&q=buyer&seller=a"),
    ("exhibitor leads", "exhibitor", "/fairs/{fair_id}/leads"),
    ("exhibitor leads filtered", "exhibitor", "/fairs/{fair_id}/leads?rating=2&type=trade_buyer&sort=name&q=khach"),
    ("exhibitor lead", "exhibitor", "/leads/{lead_id}"),
    ("exhibitor meetings", "exhibitor", "/fairs/{fair_id}/meetings"),
    ("exhibitor meetings buyer search", "exhibitor",
     "/fairs/{fair_id}/meetings?bq=khach&bsector=handicraft&bcountry=VN"),
    ("exhibitor contracts", "exhibitor", "/fairs/{fair_id}/contracts"),
    ("officer report", "officer", "/reports/supported"),
    ("officer report sorted by contracts", "officer", "/reports/supported?sort=-contracts&page=2"),
    ("buyer meetings", None, "/badges/{buyer_token}/meetings"),
    ("buyer meetings search", None, "/badges/{buyer_token}/meetings?q=a&country=VN&province=Hà Nội"),
    ("public fair page", None, "/f/{fair_code}"),
    ("public directory", None, "/f/{fair_code}/exhibitors"),
    ("public plan", None, "/f/{fair_code}/plan"),
    ("public results", None, "/f/{fair_code}/results"),
]

# (name, role of the bearer token, path template)
API = [
    ("api fairs", "organizer", "/api/v1/fairs"),
    ("api applications", "organizer", "/api/v1/fairs/{fair_id}/applications"),
    ("api booths", "organizer", "/api/v1/fairs/{fair_id}/booths"),
    ("api contracts", "organizer", "/api/v1/fairs/{fair_id}/contracts"),
    ("api contracts filtered", "organizer",
     "/api/v1/fairs/{fair_id}/contracts?kind=contract&buyer_country=JP&sort=-value"),
    ("api exhibitor contracts", "exhibitor", "/api/v1/fairs/{fair_id}/contracts"),
    ("api leads", "exhibitor", "/api/v1/fairs/{fair_id}/leads"),
    ("api leads filtered", "exhibitor", "/api/v1/fairs/{fair_id}/leads?min_rating=2"),
    ("api meetings", "exhibitor", "/api/v1/fairs/{fair_id}/meetings?status=accepted"),
    ("api attendance", "organizer", "/api/v1/fairs/{fair_id}/attendance"),
    ("api visitors", "organizer", "/api/v1/fairs/{fair_id}/visitors"),
    ("api visitors filtered", "organizer",
     "/api/v1/fairs/{fair_id}/visitors?visitor_type=trade_buyer&country=JP&admitted=true&q=Kh%C3%A1ch"),
    ("api scans", "organizer", "/api/v1/fairs/{fair_id}/scans"),
    ("api staff", "exhibitor", "/api/v1/applications/{own_application_id}/staff"),
    ("api badge list", "staff", "/api/v1/fairs/{fair_id}/badges"),
    ("api summary", "organizer", "/api/v1/fairs/{fair_id}/summary"),
    ("api supported enterprises", "officer", "/api/v1/reports/supported-enterprises"),
    ("api supported enterprises by leads", "officer", "/api/v1/reports/supported-enterprises?sort=-leads&page_size=3"),
]


class StatementCounter:
    """Counts the statements sent to the database while `active`."""

    def __init__(self):
        self.count, self.active, self.statements, self.log = 0, False, [], []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.active:
            self.count += 1
            self.statements.append(statement)
            self.log.append((self.page, statement, parameters))

    def measure(self, request, page: str = "") -> tuple[int, int, list[str]]:
        """(status, statements, their text) of `request()`, on a fresh session as a real request has;
        `log` keeps every statement with its parameters and `page`."""
        self.page = page
        db.session.remove()
        self.count, self.statements, self.active = 0, [], True
        try:
            response = request()
        finally:
            self.active = False
        return response.status_code, self.count, self.statements


def _login(client, user_id: int):
    email = db.session.get(User, user_id).email
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def measure_world(app, n: int, counter: StatementCounter, pages=PAGES, api=API) -> dict:
    """Build a world of `n` items, open every page and API list once warm and once counted, empty the tables."""
    with app.app_context():
        world: World = build_world(db.session, n)
        ids = dict(vars(world))
        buyer = db.session.get(Visitor, world.visitor_id)  # a trade buyer with meetings, through the badge link
        ids["buyer_token"] = badge_token(buyer, badge_in_force(db.session, buyer), app.config["SECRET_KEY"],
                                         days_after_fair=app.config["BADGE_LINK_DAYS_AFTER_FAIR"])
        tokens = {role: issue_api_token(db.session, db.session.get(User, ids[f"{role}_id"]), "t", now=utcnow())
                  for role in ("organizer", "exhibitor", "officer", "staff")}
        db.session.commit()
        results = {}
        for role in ("organizer", "exhibitor", "officer", "staff", None):
            client = app.test_client()  # a browser of its own for each role
            if role:
                _login(client, ids[f"{role}_id"])
            for name, page_role, template in pages:
                if page_role != role:
                    continue
                path = template.format(**ids)
                client.get(path)  # warm the per-process caches
                results[name] = counter.measure(lambda path=path, client=client: client.get(path), name)
        for name, role, template in api:
            path, headers = template.format(**ids), {"Authorization": f"Bearer {tokens[role]}"}
            client.get(path, headers=headers)
            results[name] = counter.measure(lambda path=path, headers=headers: client.get(path, headers=headers),
                                            name)
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    return results


@pytest.fixture(scope="module")
def counts(app):
    """{page: ((status, statements, sql) at SMALL, (…) at LARGE)}."""
    counter = StatementCounter()
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        small = measure_world(app, SMALL, counter)
        large = measure_world(app, LARGE, counter)
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return {name: (small[name], large[name]) for name in small}


def _check(counts, name):
    (status_small, small, _sql_small), (status_large, large, sql_large) = counts[name]
    assert status_small == 200 and status_large == 200, f"{name}: HTTP {status_small}/{status_large}"
    assert large <= BUDGET, f"{name}: {large} statements (budget {BUDGET}):\n" + "\n".join(sql_large)
    assert large <= small + SLACK, (
        f"{name}: {small} statements with {SMALL} items, {large} with {LARGE}: a query per row:\n"
        + "\n".join(sql_large))


@pytest.mark.parametrize("name", [page[0] for page in PAGES])
def test_page_statements_do_not_grow_with_the_fair(counts, name):
    """Each main page issues a bounded number of statements, the same at N and 4N items."""
    _check(counts, name)


@pytest.mark.parametrize("name", [entry[0] for entry in API])
def test_api_list_statements_do_not_grow_with_the_fair(counts, name):
    """Each API list issues a bounded number of statements, the same at N and 4N items."""
    _check(counts, name)

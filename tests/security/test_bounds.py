"""Out-of-range ids in page URLs are 404, never 500 (issue 21, finding 11)."""

import re

import pytest
from werkzeug.routing import IntegerConverter

from core.inputs import INT32_MAX

HUGE = "99999999999999999999999"


def _int_routes(app):
    """(rule, method) of every page route (not the API) taking an `<int:…>` part."""
    routes = []
    for rule in app.url_map.iter_rules():
        takes_id = any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())
        if rule.rule.startswith("/api/") or not takes_id:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method))
    return routes


def _fill(rule: str, number: str) -> str:
    """The rule with every int part set to `number` and any other part to a plausible word."""
    url = re.sub(r"<int:[^>]+>", number, rule)
    return re.sub(r"<(?:[a-z]+:)?[^>]+>", "X1", url)


def test_every_page_route_with_an_id_is_swept(app):
    """The sweep sees the page routes that take ids (a broken filter would make the next test vacuous)."""
    rules = {rule for rule, _method in _int_routes(app)}
    assert "/applications/<int:application_id>" in rules and len(rules) > 40


@pytest.mark.parametrize("number", [HUGE, str(INT32_MAX + 1), "-1"])
def test_an_id_out_of_range_in_a_page_url_is_404(app, client, login_as, number):
    """Past the database's integer range (or negative), every page route answers 404, whatever the method."""
    login_as("admin")
    failures = []
    for rule, method in _int_routes(app):
        response = client.open(_fill(rule, number), method=method)
        if response.status_code != 404:
            failures.append((method, rule, response.status_code))
    assert not failures


def test_the_largest_id_is_not_a_server_error(app, client, login_as):
    """At the top of the range (no such object) pages answer 404 or refuse, never 500."""
    login_as("admin")
    failures = []
    for rule, method in _int_routes(app):
        if method != "GET":
            continue
        response = client.get(_fill(rule, str(INT32_MAX)))
        if response.status_code >= 500:
            failures.append((rule, response.status_code))
    assert not failures


@pytest.mark.parametrize("query", ["hall", "exhibitor", "job", "printed"])
def test_an_id_out_of_range_in_a_query_is_not_a_server_error(app, client, login_as, make_fair, session, query):
    """Ids read from the query string are bounded too: a huge one counts as none."""
    fair = make_fair(status="published")
    session.commit()
    login_as("admin")
    for path in (f"/f/{fair.code}/plan", f"/fairs/{fair.id}/allocation", f"/fairs/{fair.id}/visitors",
                 f"/fairs/{fair.id}/visitors/print"):
        assert client.get(f"{path}?{query}={HUGE}").status_code < 500, path

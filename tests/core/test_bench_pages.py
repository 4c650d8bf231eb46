"""The page walk (bench.pages) covers the whole URL map: every GET rule is walked or skipped with a reason."""

from bench.pages_walk import ROLES, SKIPS, WsgiClient, discover, log_in, prepare, walk
from bench.scale_data import load

TINY = {"halls": 1, "booths": 6, "enterprises": 4, "visitors": 12, "scans": 24, "contracts": 4, "meetings": 2,
        "leads": 4, "grant_enterprises": 2}


def _prepared(app, session):
    load(session, TINY, code="SCALE-TINY", step=lambda name, count: None)
    return prepare(session, "SCALE-TINY", secret=app.config["SECRET_KEY"], badge_days=30)


def test_every_get_rule_is_walked_or_skipped_with_a_reason(app, session):
    prepared = _prepared(app, session)
    targets = discover(app, prepared["ids"])
    rules = {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert {(target.rule, target.endpoint) for target in targets} == rules
    adapter = app.url_map.bind("localhost")
    for target in targets:
        if target.skip:
            assert target.endpoint in SKIPS or "has no" in target.skip
            continue
        assert "None" not in target.path and "<" not in target.path, target
        endpoint, _values = adapter.match(target.path, method="GET")
        assert endpoint == target.endpoint, target.path
    # Alternatives of a format are walked one by one; only the listed routes are skipped.
    labels = {target.label for target in targets}
    assert {"/fairs/<int:fair_id>/attendance.csv", "/fairs/<int:fair_id>/attendance.xlsx"} <= labels
    assert {target.endpoint for target in targets if target.skip} == set(SKIPS)


def test_the_walk_times_the_roles_that_open_a_route_and_lists_the_others(app, session):
    prepared = _prepared(app, session)
    targets = [t for t in discover(app, prepared["ids"])
               if t.label in ("/fairs/<int:fair_id>/visitors", "/api/v1/fairs/<int:fair_id>/visitors")]
    clients = {role: WsgiClient(app) for role in ROLES}
    for role, client in clients.items():
        if role != "anonymous":
            log_in(client, role)
    rows = walk(targets, clients, prepared["tokens"], repeat=2, cap=5, progress=lambda line: None)
    opened = {(row["route"], row["role"]) for row in rows}
    assert ("/fairs/<int:fair_id>/visitors", "organizer") in opened
    assert ("/api/v1/fairs/<int:fair_id>/visitors", "organizer") in opened
    assert not {role for route, role in opened if role in ("anonymous", "exhibitor")}
    assert all(row["status"] == 200 and row["n"] == 2 for row in rows)
    refused = {row["route"]: row["refused"] for row in rows if "refused" in row}
    assert refused["/api/v1/fairs/<int:fair_id>/visitors"]["anonymous"] == 401
    assert refused["/fairs/<int:fair_id>/visitors"]["anonymous"] == 302  # to the login page
    assert refused["/fairs/<int:fair_id>/visitors"]["exhibitor"] == 403

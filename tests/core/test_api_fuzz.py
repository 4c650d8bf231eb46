"""Generated traffic from the OpenAPI document finds no server error and no answer the document does not declare
(schemathesis, bounded for CI).

Every operation of /api/v1/openapi.json gets FUZZ_EXAMPLES generated requests (valid and invalid bodies,
parameters and ids), as an organizer and as an exhibitor; half of them aim their path ids at real objects so
they get past the 404. Any 5xx fails the test with the requests that caused it, and so does any response whose
status, media type, headers or body the document does not declare (schemathesis's conformance checks). The run
is deterministic (derandomized), takes well under three minutes, and runs on SQLite and, with TEST_DATABASE_URL,
PostgreSQL.
Set FUZZ_EXAMPLES higher for a longer local run.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.services import issue_api_token
from core.db import utcnow
from core.extensions import db
from tests import factories

schemathesis = pytest.importorskip("schemathesis")
checks = pytest.importorskip("schemathesis.specs.openapi.checks")
# Response conformance: what the server answers is what the document says it answers.
CONFORMANCE = [checks.status_code_conformance, checks.content_type_conformance, checks.response_headers_conformance,
               checks.response_schema_conformance]

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))


def _seed(app) -> tuple[dict[str, str], dict[str, int]]:
    """Tokens of an organizer and an exhibitor, and one real object per kind of path id."""
    with app.app_context():
        session = db.session
        organizer = factories.make_user(session, role="organizer")
        exhibitor = factories.make_user(session, role="exhibitor")
        fair = factories.make_fair(session, status="open")
        hall = factories.make_hall(session, fair=fair)
        zone = factories.make_zone(session, fair=fair)
        factories.make_booth(session, hall=hall, zone=zone)
        enterprise = factories.make_enterprise(session, owner=exhibitor)
        application = factories.make_application(session, fair=fair, enterprise=enterprise)
        tokens = {role: issue_api_token(session, user, "fuzz", now=utcnow())
                  for role, user in (("organizer", organizer), ("exhibitor", exhibitor))}
        ids = {"fair_id": fair.id, "enterprise_id": enterprise.id, "application_id": application.id,
               "hall_id": hall.id}
        session.commit()
        session.remove()
    return tokens, ids


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


@pytest.mark.parametrize("role", ["organizer", "exhibitor"])
def test_generated_requests_find_no_server_error(app, role):
    """No generated request, valid or not, is answered with a 5xx or with an answer the document does not
    declare."""
    tokens, ids = _seed(app)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    failures: list[str] = []
    nonconforming: list[str] = []
    sent = []
    operations = list(_operations(schema))
    assert len(operations) > 20

    for operation in operations:
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(), aim_at_real_ids=st.booleans())
        def run(case, aim_at_real_ids):
            if aim_at_real_ids and case.path_parameters:
                for name in case.path_parameters:
                    if name in ids:
                        case.path_parameters[name] = ids[name]
            response = case.call(headers=headers)
            sent.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {response.status_code}: "
                                f"path={case.path_parameters} query={case.query} body={str(case.body)[:200]}")
                return
            try:  # the answer is one the document declares: status, media type, headers and body schema
                case.validate_response(response, checks=CONFORMANCE, headers=headers)
            except (AssertionError, BaseExceptionGroup) as error:  # one failure, or a group of them
                for failure in getattr(error, "exceptions", [error]):
                    title = getattr(failure, "title", None) or str(failure).strip().splitlines()[0]
                    nonconforming.append(f"{case.method} {case.formatted_path} {response.status_code}: {title[:200]}")

        run()
    # Shown with `pytest -s`: the counts for a note on a longer run.
    print(f"fuzz {role}: {len(sent)} requests, {len(operations)} operations, {len(failures)} server errors, "
          f"{len(nonconforming)} non-conforming responses")
    assert failures == [], "\n".join(failures[:20])
    assert nonconforming == [], "\n".join(sorted(set(nonconforming))[:30])


def test_the_fuzz_seed_is_visible_to_the_api(app):
    """The seeded fair is readable through the API (else half the requests would miss their target)."""
    tokens, ids = _seed(app)
    with app.test_client() as client:
        response = client.get(f"/api/v1/fairs/{ids['fair_id']}",
                              headers={"Authorization": f"Bearer {tokens['organizer']}"})
    assert response.status_code == 200

"""The organizer's allocation page: preview, read, commit or discard."""

import sqlalchemy as sa

from booths.models import AllocationRun, BoothAssignment
from tests.booths.test_allocation_runs import oversubscribed_fair  # noqa: F401  (the shared fixture)


def test_preview_then_commit_from_the_page(client, login_as, session, oversubscribed_fair):  # noqa: F811
    """A preview shows metrics and assigns nothing; committing assigns its booths."""
    fair, _organizer = oversubscribed_fair
    session.commit()
    login_as("organizer")
    assert client.post(f"/fairs/{fair.id}/allocation", data={"action": "preview", "seed": "3"}).status_code == 302
    run = session.scalar(sa.select(AllocationRun))
    assert run.status == "preview"
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == 0
    page = client.get(f"/fairs/{fair.id}/allocation").get_data(as_text=True)
    assert 'data-testid="metrics"' in page and "fill_rate" in page
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "commit", "run_id": str(run.id)})
    session.refresh(run)
    assert run.status == "committed"
    granted = sum(len(booths) for booths in run.proposal.values())
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == granted > 0


def test_discarding_a_preview_assigns_nothing(client, login_as, session, oversubscribed_fair):  # noqa: F811
    """A discarded preview can no longer be committed."""
    fair, _organizer = oversubscribed_fair
    session.commit()
    login_as("organizer")
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "preview"})
    run = session.scalar(sa.select(AllocationRun))
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "discard", "run_id": str(run.id)})
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "commit", "run_id": str(run.id)})
    session.refresh(run)
    assert run.status == "discarded"
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == 0

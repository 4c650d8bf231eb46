"""The organizer's allocation page: preview, read, commit or discard."""

import sqlalchemy as sa

from booths.allocation.models import AllocationRun
from booths.applications.models import BoothAssignment
from booths.layout.models import Booth


def test_preview_then_commit_from_the_page(client, login_as, session, oversubscribed_fair):
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
    assert 'data-metric="clusters_per_group"' in page and "Separate clusters per province or country" in page
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "commit", "run_id": str(run.id)})
    session.refresh(run)
    assert run.status == "committed"
    granted = sum(len(booths) for booths in run.proposal.values())
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == granted > 0


def test_discarding_a_preview_assigns_nothing(client, login_as, session, oversubscribed_fair):
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


def test_the_preview_is_drawn_on_the_plan_as_held_booths_with_an_explanation_each(client, login_as, session,
                                                                                   oversubscribed_fair):
    """Every proposed booth is drawn held (and coloured by province); each placed row says why."""
    fair, _organizer = oversubscribed_fair
    session.commit()
    login_as("organizer")
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "preview", "seed": "3"})
    run = session.scalar(sa.select(AllocationRun))
    page = client.get(f"/fairs/{fair.id}/allocation").get_data(as_text=True)
    plan = page[page.index('data-testid="allocation-plan"'):]
    assert plan.count('class="booth held"') == sum(len(b) for b in run.proposal.values()) > 0
    assert page.count('data-testid="explanation"') == len(run.proposal)
    assert "the first zone open to your origin" in page
    assert f"If committed: {len(run.proposal)} applications get booths" in page


def test_moves_on_the_booth_page_lock_swap_and_free(client, login_as, session, oversubscribed_fair):
    """From a booth of the plan: lock its block, swap it with another one-booth block, free it."""
    fair, organizer = oversubscribed_fair
    session.commit()
    login_as("organizer")
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "preview", "seed": "3"})
    run = session.scalar(sa.select(AllocationRun))
    client.post(f"/fairs/{fair.id}/allocation", data={"action": "commit", "run_id": str(run.id)})
    singles = [(int(app), booths[0]) for app, booths in run.proposal.items() if len(booths) == 1][:2]
    codes = {booth_id: code for booth_id, code in session.execute(
        sa.select(Booth.id, Booth.code).where(Booth.id.in_([b for _a, b in singles])))}
    (first_app, first_booth), (second_app, second_booth) = singles
    here, there = codes[first_booth], codes[second_booth]
    page = client.get(f"/fairs/{fair.id}/booths/{here}").get_data(as_text=True)
    assert 'data-testid="occupant"' in page and 'data-testid="swap"' in page
    client.post(f"/fairs/{fair.id}/booths/{here}/lock", data={"locked": "1"})
    assert session.scalar(sa.select(BoothAssignment.locked).where(BoothAssignment.booth_id == first_booth)) is True
    client.post(f"/fairs/{fair.id}/booths/{here}/swap", data={"other": there.lower()})
    session.expire_all()
    holder = dict(session.execute(sa.select(BoothAssignment.booth_id, BoothAssignment.application_id)).all())
    assert holder[first_booth] == second_app and holder[second_booth] == first_app
    client.post(f"/fairs/{fair.id}/booths/{here}/free")
    session.expire_all()
    assert session.scalar(sa.select(BoothAssignment).where(BoothAssignment.booth_id == first_booth)) is None

"""A large booth table imported from the page: the progress bar follows the job, then the page says it is done."""


import sqlalchemy as sa

from booths.layout.models import Booth
from core.extensions import db
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_fair, make_hall, make_user, make_zone


def test_a_large_booth_import_shows_its_progress_then_the_result(live_app, live_server, page, monkeypatch, tmp_path):
    """Over the threshold (lowered to 5 rows): the page follows the job with jobs.js and reloads when it is done;
    a table with a bad last row ends with that row listed and no booth created."""
    monkeypatch.setitem(live_app.config, "IMPORT_BACKGROUND_ROWS", 5)
    with live_app.app_context():
        make_user(db.session, role="organizer", email="import-e2e@example.vn")
        fair = make_fair(db.session, code="IMPORT-E2E")
        make_hall(db.session, fair=fair, name="Nhà A", width_cm=6000, depth_cm=4000)
        make_zone(db.session, fair=fair, name_vi="Khu trong nước", name_en="Domestic", kind="domestic")
        db.session.commit()
        fair_id = fair.id
    header = "code,hall,zone,x_m,y_m,width_m,depth_m,type,price_vnd\n"
    rows = [f"A-{n:03d},Nhà A,Domestic,{n * 3},0,3,3,standard,12000000" for n in range(12)]
    good, bad = tmp_path / "booths.csv", tmp_path / "bad.csv"
    good.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    bad.write_text(header + "\n".join([row.replace("A-", "B-").replace(",0,3", ",10,3") for row in rows])
                   + "\nB-999,Nhà A,Domestic,59,10,3,3,standard,1\n", encoding="utf-8")
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "import-e2e@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.click("[data-lang=en]")
    page.wait_for_load_state()

    page.goto(f"{live_server}/fairs/{fair_id}/booths/import")
    page.set_input_files("input[type=file]", str(good))
    page.click("main form button[type=submit]")
    page.locator("[data-testid=job-done]").wait_for()
    assert "12 rows imported" in page.inner_text("[data-testid=job-done]")
    screenshot(page, "booth-import-job-done-en")

    page.goto(f"{live_server}/fairs/{fair_id}/booths/import")
    page.set_input_files("input[type=file]", str(bad))
    page.click("main form button[type=submit]")
    page.locator("[data-testid=job-problems]").wait_for()
    assert "13" in page.inner_text("[data-testid=job-problems] tbody")
    screenshot(page, "booth-import-job-problems-en")
    with live_app.app_context():
        codes = db.session.scalars(sa.select(Booth.code).where(Booth.fair_id == fair_id)).all()
    assert sorted(codes) == [f"A-{n:03d}" for n in range(12)]

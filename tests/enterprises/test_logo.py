"""Enterprise logos: images checked by content, never served as HTML, visible to those who may see the enterprise."""

import io

from tests.conftest import login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _upload(client, data, name="logo.png"):
    return client.post("/enterprise/logo", data={"logo": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_owner_uploads_a_png_logo_that_is_served_as_an_image(client, session, make_user, make_enterprise):
    """The logo is stored and served with its image type and a sandboxing CSP."""
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    session.commit()
    login(client, owner)
    assert _upload(client, PNG).status_code == 302
    response = client.get(f"/enterprises/{enterprise.id}/logo")
    assert response.status_code == 200 and response.mimetype == "image/png" and response.data == PNG
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_an_svg_or_html_logo_is_refused(client, session, make_user, make_enterprise):
    """SVG can carry scripts and HTML is not an image: both are refused by content."""
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    session.commit()
    login(client, owner)
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"
    assert _upload(client, svg, "l.png").status_code == 422
    assert _upload(client, b"<html></html>", "l.png").status_code == 422
    assert client.get(f"/enterprises/{enterprise.id}/logo").status_code == 404


def test_another_exhibitor_cannot_see_the_logo(app, client, session, make_user, make_enterprise):
    """Enterprise B's exhibitor gets 404 for A's logo, which A's owner and an organizer are served (the positive
    control: the logo exists, so the 404 is the refusal, not a missing file)."""
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    other = make_user(role="exhibitor")
    make_enterprise(owner=other)
    organizer = make_user(role="organizer")
    session.commit()
    login(client, owner)
    assert _upload(client, PNG).status_code == 302
    assert client.get(f"/enterprises/{enterprise.id}/logo").data == PNG
    stranger = app.test_client()
    login(stranger, other)
    assert stranger.get(f"/enterprises/{enterprise.id}/logo").status_code == 404
    staff = app.test_client()
    login(staff, organizer)
    response = staff.get(f"/enterprises/{enterprise.id}/logo")
    assert response.status_code == 200 and response.data == PNG

"""Application documents: type by content, 10 MB at most, downloads only for the owner and organizers."""

import io

import sqlalchemy as sa

from core.uploads import StoredFile
from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(client, application, purpose, name, data):
    return client.post(f"/applications/{application.id}/files",
                       data={"file-purpose": purpose, "file-file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _owned_application(session, make_user, make_enterprise, make_application):
    owner = make_user(role="exhibitor")
    application = make_application(enterprise=make_enterprise(owner=owner))
    session.commit()
    return owner, application


def _files(session):
    return list(session.scalars(sa.select(StoredFile)))


def test_owner_attaches_a_pdf_licence_and_downloads_it(client, session, make_user, make_enterprise,
                                                       make_application):
    """A real PDF is stored, listed on the page and downloaded as an attachment, never inline."""
    owner, application = _owned_application(session, make_user, make_enterprise, make_application)
    login(client, owner)
    assert _upload(client, application, "licence", "giay-phep.pdf", PDF).status_code == 302
    [stored] = _files(session)
    assert stored.media_type == "application/pdf" and stored.size_bytes == len(PDF)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "giay-phep.pdf" in page
    response = client.get(f"/applications/{application.id}/files/{stored.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_html_disguised_as_a_pdf_is_refused(client, session, make_user, make_enterprise, make_application):
    """The content decides, not the name: an HTML page called .pdf is refused and nothing is stored."""
    owner, application = _owned_application(session, make_user, make_enterprise, make_application)
    login(client, owner)
    response = _upload(client, application, "licence", "licence.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 422
    assert _files(session) == []


def test_a_photo_cannot_stand_for_the_licence_but_is_a_photo(client, session, make_user, make_enterprise,
                                                            make_application):
    """A PNG is refused as a licence and accepted as a product photo (named .png whatever it was called)."""
    owner, application = _owned_application(session, make_user, make_enterprise, make_application)
    login(client, owner)
    assert _upload(client, application, "licence", "scan.png", PNG).status_code == 422
    assert _upload(client, application, "photo", "binh-gom", PNG).status_code == 302
    [stored] = _files(session)
    assert stored.media_type == "image/png" and stored.filename == "binh-gom.png"


def test_files_over_10_mb_are_refused(client, session, make_user, make_enterprise, make_application):
    """The 10 MB limit holds even for a valid PDF."""
    owner, application = _owned_application(session, make_user, make_enterprise, make_application)
    login(client, owner)
    response = _upload(client, application, "licence", "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert response.status_code == 422
    assert _files(session) == []


def test_another_exhibitor_can_neither_upload_nor_download(client, app, session, make_user, make_enterprise,
                                                          make_application):
    """Enterprise B's exhibitor gets 404 on A's documents; an organizer can download them."""
    owner, application = _owned_application(session, make_user, make_enterprise, make_application)
    intruder = make_user(role="exhibitor")
    make_enterprise(owner=intruder)
    organizer = make_user(role="organizer")
    session.commit()
    login(client, owner)
    _upload(client, application, "licence", "licence.pdf", PDF)
    [stored] = _files(session)

    other = app.test_client()
    login(other, intruder)
    assert other.get(f"/applications/{application.id}/files/{stored.id}").status_code == 404
    assert _upload(other, application, "licence", "x.pdf", PDF).status_code == 404
    assert len(_files(session)) == 1

    staff = app.test_client()
    login(staff, organizer)
    assert staff.get(f"/applications/{application.id}/files/{stored.id}").data == PDF

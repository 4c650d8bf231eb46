"""Scanned contracts: PDF only (by content), downloaded never inline, seen by the seller, organizers, officers."""

import io

import pytest
import sqlalchemy as sa

from contracts.models import Contract
from core.audit import AuditEvent
from core.db import utcnow
from core.uploads import StoredFile
from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def signed(session, make_fair, make_user, make_enterprise, make_application):
    """A contract of an exhibitor (its owner returned) and another exhibitor's owner."""
    fair = make_fair(status="running")
    owners = [make_user(role="exhibitor") for _ in range(2)]
    sellers = [make_enterprise(owner=owner) for owner in owners]
    for seller in sellers:
        make_application(fair=fair, enterprise=seller, status="approved")
    contract = Contract(fair_id=fair.id, seller_enterprise_id=sellers[0].id, buyer_name="Osaka Co.",
                        buyer_country="JP", kind="contract", category="handicraft", amount=100, currency="VND",
                        fx_rate_to_vnd=1, value_vnd=100, value_usd=0, signed_on=fair.starts_on, status="signed",
                        created_at=utcnow(), updated_at=utcnow())
    session.add(contract)
    session.commit()
    return contract, owners


def _upload(client, contract, data, name="hop-dong.pdf"):
    return client.post(f"/contracts/{contract.id}/files", data={"scan-file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_the_seller_attaches_a_pdf_and_downloads_it_as_an_attachment(client, session, signed):
    """The PDF is stored, audited and served with a download disposition and a sandboxing CSP."""
    contract, owners = signed
    login(client, owners[0])
    assert _upload(client, contract, PDF).status_code == 302
    stored = session.scalars(sa.select(StoredFile).where(StoredFile.owner_type == "contract")).one()
    assert stored.media_type == "application/pdf" and stored.filename == "hop-dong.pdf"
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "contract.attach"))
    page = client.get(f"/fairs/{contract.fair_id}/contracts").get_data(as_text=True)
    assert f"/contracts/{contract.id}/files/{stored.id}" in page
    download = client.get(f"/contracts/{contract.id}/files/{stored.id}")
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_html_dressed_as_a_pdf_is_refused_and_nothing_is_kept(client, session, signed):
    """Content decides: an HTML page named .pdf is refused with a message; no file row remains."""
    contract, owners = signed
    login(client, owners[0])
    response = _upload(client, contract, b"<html><script>alert(1)</script></html>", name="scan.pdf")
    assert response.status_code == 302
    assert "PDF" in client.get(f"/fairs/{contract.fair_id}/contracts").get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0


def test_another_exhibitor_neither_attaches_nor_downloads(client, session, signed, make_user):
    """The other exhibitor gets 404 both ways; an officer may download."""
    contract, owners = signed
    login(client, owners[0])
    _upload(client, contract, PDF)
    stored = session.scalars(sa.select(StoredFile)).one()
    other = client.application.test_client()
    login(other, owners[1])
    assert _upload(other, contract, PDF).status_code == 404
    assert other.get(f"/contracts/{contract.id}/files/{stored.id}").status_code == 404
    assert session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 1
    officer_client = client.application.test_client()
    login(officer_client, make_user(role="officer"))
    assert officer_client.get(f"/contracts/{contract.id}/files/{stored.id}").status_code == 200


def test_a_verified_contract_takes_files_from_the_organizer_only(client, session, signed, make_user):
    """Once verified, the seller's upload is refused and nothing is stored; the organizer may still attach."""
    contract, owners = signed
    contract.verified_at = utcnow()
    session.commit()
    login(client, owners[0])
    _upload(client, contract, PDF)
    assert session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    organizer = client.application.test_client()
    login(organizer, make_user(role="organizer"))
    assert _upload(organizer, contract, PDF).status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 1


def test_a_file_is_reached_only_through_its_own_contract(client, session, signed):
    """The seller's own contract id with another contract's file id is a 404."""
    contract, owners = signed
    other = Contract(fair_id=contract.fair_id, seller_enterprise_id=contract.seller_enterprise_id,
                     buyer_name="Other", buyer_country="JP", kind="order", category="handicraft", amount=5,
                     currency="VND", fx_rate_to_vnd=1, value_vnd=5, value_usd=0, signed_on=contract.signed_on,
                     status="signed", created_at=utcnow(), updated_at=utcnow())
    session.add(other)
    session.commit()
    login(client, owners[0])
    _upload(client, other, PDF)
    stored = session.scalars(sa.select(StoredFile)).one()
    assert client.get(f"/contracts/{other.id}/files/{stored.id}").status_code == 200
    assert client.get(f"/contracts/{contract.id}/files/{stored.id}").status_code == 404

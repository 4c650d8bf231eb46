"""Delegation imports read the kind, country and sector by their names; the page lists names, not codes."""

import io

import sqlalchemy as sa

from enterprises.models import Enterprise


def test_a_delegation_is_imported_by_names(client, login_as, session, make_fair):
    """"Hợp tác xã (HTX)", "Hàn Quốc" and "Thủ công mỹ nghệ" are read as cooperative, KR and handicraft."""
    fair = make_fair(status="open")
    session.commit()
    login_as("organizer")
    client.set_cookie("lang", "vi")
    html = client.get(f"/fairs/{fair.id}/applications/import").get_data(as_text=True)
    assert "Hợp tác xã (HTX)" in html and "rural_establishment" not in html and "leather_footwear" not in html
    text = ("name,kind,country,province,sector,booths_requested\n"
            "HTX Gốm,Hợp tác xã (HTX),Việt Nam,Tỉnh Bắc Giang,Thủ công mỹ nghệ,1\n"
            "Seoul Craft,Enterprise,Hàn Quốc,,Leather and footwear,1\n")
    response = client.post(f"/fairs/{fair.id}/applications/import",
                           data={"file": (io.BytesIO(text.encode()), "d.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    found = {e.legal_name: (e.kind, e.country, e.province, e.sector) for e in session.scalars(sa.select(Enterprise))}
    assert found == {"HTX Gốm": ("cooperative", "VN", "Bắc Ninh", "handicraft"),
                     "Seoul Craft": ("enterprise", "KR", None, "leather_footwear")}

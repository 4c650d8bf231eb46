"""Visitor imports read countries, visitor types and sectors by their names; the page lists names, not codes."""

import io

import sqlalchemy as sa

from visitors.models import Visitor


def _post(client, fair, text: str):
    return client.post(f"/fairs/{fair.id}/visitors/import",
                       data={"file": (io.BytesIO(text.encode()), "buyers.csv")}, content_type="multipart/form-data")


def test_visitors_are_imported_by_country_type_and_sector_names(client, login_as, session, running_fair):
    """"Nhật Bản", "Khách thương mại" and "Thủ công mỹ nghệ" are read as JP, trade_buyer and handicraft."""
    login_as("organizer")
    client.set_cookie("lang", "vi")
    text = ("full_name,email,country,visitor_type,sectors,province\n"
            "Sato,sato@ex.jp,Nhật Bản,Khách thương mại,Thủ công mỹ nghệ;Textiles and garments,\n"
            "Lan,lan@ex.vn,Việt Nam,Báo chí,,Huế\n"
            "Ana,ana@ex.id,indonesia,visitor,,\n")
    response = _post(client, running_fair, text)
    assert response.status_code == 302, response.get_data(as_text=True)
    people = {v.email: v for v in session.scalars(sa.select(Visitor))}
    sato = people["sato@ex.jp"]
    assert (sato.country, sato.visitor_type, sorted(sato.sectors)) == ("JP", "trade_buyer",
                                                                        ["handicraft", "textiles_garments"])
    assert (people["lan@ex.vn"].visitor_type, people["ana@ex.id"].country) == ("press", "ID")


def test_an_unknown_country_name_is_refused_saying_names_are_welcome(client, login_as, session, running_fair):
    """A country nobody knows is refused by its row, the message asking for a name or a code."""
    login_as("organizer")
    client.set_cookie("lang", "vi")
    response = _post(client, running_fair, "full_name,email,country,visitor_type\nX,x@ex.vn,Atlantis,visitor\n")
    assert response.status_code == 422
    assert "Nhật Bản" in response.get_data(as_text=True)


def test_the_import_page_lists_types_by_name_and_offers_a_template(client, login_as, running_fair):
    """"Khách thương mại", not trade_buyer; the template's example row names Nhật Bản."""
    login_as("organizer")
    client.set_cookie("lang", "vi")
    html = client.get(f"/fairs/{running_fair.id}/visitors/import").get_data(as_text=True)
    assert "Khách thương mại" in html and "trade_buyer" not in html and "handicraft" not in html
    template = client.get(f"/fairs/{running_fair.id}/visitors/import/template.csv").data.decode("utf-8-sig")
    assert template.splitlines()[0].startswith("full_name,email,country,visitor_type")
    assert "Nhật Bản" in template.splitlines()[1]

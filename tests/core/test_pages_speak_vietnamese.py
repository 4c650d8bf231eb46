"""Every page of the demo, as each role reads it in Vietnamese: names, never codes; no English built-in message."""

import re

import pytest
import sqlalchemy as sa

from accounts.setup import DEMO_PASSWORD, DEMO_USERS
from booths.layout.models import Hall
from contracts.models import Contract
from core.builtin_messages import MARSHMALLOW_MESSAGES, WTFORMS_MESSAGES, WTFORMS_PLURALS
from core.collation import sort_key
from core.reference.sectors import SECTOR_CODES
from enterprises.models import Enterprise
from enterprises.vocabulary import ENTERPRISE_KINDS
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE
from support.vocabulary import GRANT_CONTENTS, GRANT_STATUSES
from tests.core.demo_pages import read_page, walk
from visitors.models import Visitor
from visitors.vocabulary import VISITOR_TYPES

SEPARATORS = re.compile(r"\s*[·,;:()|/\n]\s*")
FORMER_PROVINCES = ("Hà Tây", "Hải Dương", "Vĩnh Phúc", "Bắc Giang")


def english_messages() -> list[str]:
    """The libraries' English messages, cut before their first placeholder (what every rendering starts with)."""
    messages = list(WTFORMS_MESSAGES) + [m for pair in WTFORMS_PLURALS for m in pair] + list(MARSHMALLOW_MESSAGES)
    messages += ["Please log in to access this page.", "Not a valid choice", "This field is required"]
    return sorted({re.split(r"%\(|\{|'", message)[0].strip() for message in messages} - {""})


@pytest.fixture
def demo(app, session):
    """The demo loaded, with the codes it stores that a reader must never see bare."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    countries = set(session.scalars(sa.select(Enterprise.country))) | set(session.scalars(sa.select(Visitor.country)))
    countries |= set(session.scalars(sa.select(Contract.buyer_country)))
    codes = {code for code in countries if code} | set(SECTOR_CODES) | set(GRANT_CONTENTS) | set(GRANT_STATUSES)
    codes |= {code for code in (*VISITOR_TYPES, *ENTERPRISE_KINDS) if "_" in code}
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    halls = list(session.scalars(sa.select(Hall.id).where(Hall.fair_id == fair.id).order_by(Hall.id.desc())))
    return {"codes": codes, "fair": fair, "halls": halls}


def bare_codes(texts: list[str], codes: set[str]) -> set[str]:
    """Codes standing alone as a piece of text (between separators), where a name should be."""
    found = set()
    for text in texts:
        for piece in SEPARATORS.split(text):
            if piece in codes:
                found.add(piece)
    return found


def starts_for(role: str, demo: dict) -> list[str]:
    """Where a role's walk begins: its landing page, plus the plan coloured by origin where the role sees it."""
    fair = demo["fair"]
    starts = ["/", f"/f/{fair.code}", f"/f/{fair.code}/register"]
    if role == "organizer":
        for hall in demo["halls"][:1]:
            starts += [f"/fairs/{fair.id}/halls/{hall}/plan?colour=province",
                       f"/fairs/{fair.id}/halls/{hall}/plan?colour=country"]
    return starts


def log_in(client, role: str) -> None:
    """Log in as the demo's user of `role`."""
    email = next(email for email, demo_role, _name in DEMO_USERS if demo_role == role)
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_crawler_sees_a_bare_code_and_an_english_message():
    """The reader itself: a code alone in a cell is caught, a name holding the same letters is not."""
    page = read_page("/x", "<table><tr><td>Hà Nội · JP</td><td>Japan Pavilion</td><td>leather_footwear</td></tr>"
                           "</table><p class='field__error'>This field is required.</p><script>var a='US';</script>")
    assert bare_codes(page.texts, {"JP", "US", "leather_footwear"}) == {"JP", "leather_footwear"}
    assert any("This field is required" in text for text in page.texts)


@pytest.mark.parametrize("role", [None, "organizer", "exhibitor", "staff", "officer", "admin"])
def test_every_page_of_every_role_reads_in_vietnamese_with_names_not_codes(client, demo, role):
    """Walk the role's pages (submitting each form empty): no bare country, sector or status code, no former
    province in a legend or list without today's unit, and no English built-in message."""
    if role:
        log_in(client, role)
    english = english_messages()
    problems, pages = [], 0
    for url, status, page in walk(client, starts_for(role, demo)):
        pages += 1
        assert status < 500, url
        codes = bare_codes(page.texts, demo["codes"])
        if codes:
            problems.append(f"{url}: codes {sorted(codes)}")
        text = "\n".join(page.texts)
        problems += [f"{url}: English message {message!r}" for message in english if message in text]
        if "colour=" in url:
            former = [name for name in FORMER_PROVINCES if any(piece == name for piece in SEPARATORS.split(text))]
            if former:
                problems.append(f"{url}: former provinces in the legend {former}")
    assert pages > 3
    assert problems == [], "\n".join(problems)


def test_the_registration_country_select_names_countries_in_vietnamese_order(client, demo):
    """Việt Nam first, then Vietnamese alphabetical order: Indonesia and Áo by their CLDR names, Áo before Ấn Độ."""
    html = client.get(f"/f/{demo['fair'].code}/register").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="country".*?</select>', html, re.S).group(0)
    names = [re.sub(r"\s+", " ", name).strip() for name in re.findall(r"<option[^>]*>([^<]*)</option>", select)]
    assert names[0] == "Việt Nam"
    assert "Indonesia" in names and "Áo" in names and "Nam Dương" not in names
    assert names[1:] == sorted(names[1:], key=sort_key)
    position = names.index
    assert position("Ai Cập") < position("Áo") < position("Ấn Độ") < position("Ba Lan")
    assert position("Dominica") < position("Đức") < position("Indonesia") < position("Zimbabwe")


def test_the_organizers_pages_in_english_name_countries_and_sectors_too(client, demo):
    """The same walk in English: names ("Japan", "Handicrafts"), never the codes."""
    client.set_cookie("lang", "en")
    log_in(client, "organizer")
    problems = []
    for url, _status, page in walk(client, starts_for("organizer", demo), submit_forms=False):
        codes = bare_codes(page.texts, demo["codes"])
        if codes:
            problems.append(f"{url}: codes {sorted(codes)}")
    assert problems == [], "\n".join(problems)

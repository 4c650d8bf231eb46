"""Public pages of a published fair's booths: the floor plan with its exhibitors lit up, and the directory of
exhibitors (search by name or product, filters by sector, province and country)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from booths import bp
from booths.applications.assignments import exhibitor_directory
from booths.applications.directory import DIRECTORY_PAGE_SIZE, directory_facets, directory_page
from booths.applications.publication import booths_announced
from booths.layout.plan_search import PlanFind, find_booth
from booths.layout.plans import occupants_shown
from booths.layout.services import list_halls
from booths.layout.views import plan_page_context
from core.collation import sort_key
from core.extensions import db
from core.i18n import current_language
from core.inputs import id_arg
from core.reference.countries import country_name
from core.reference.provinces import province_label
from core.reference.sectors import SECTORS
from fairs.models import Fair
from fairs.services import get_public_fair


def _published_fair(code: str) -> Fair | None:
    """The public fair `code` if its plan is published; None (after saying so) before."""
    fair = get_public_fair(db.session, code)
    if not booths_announced(fair):
        flash(_("The floor plan is not published yet."), "info")
        return None
    return fair


def _directory_filters() -> dict:
    return {name: request.args.get(name, "").strip() for name in ("q", "province", "country", "sector")}


def _directory_choices(fair: Fair) -> dict:
    """The directory's filters as choices by name, in the reader's order: only what exhibits."""
    language = current_language()
    facets = directory_facets(db.session, fair.id)
    return {"provinces": sorted(((name, province_label(name, language)) for name in facets["province"]),
                                key=lambda pair: sort_key(pair[1], language)),
            "countries": sorted(((code, country_name(code, language)) for code in facets["country"]),
                                key=lambda pair: sort_key(pair[1], language)),
            "sectors": sorted(((code, str(SECTORS[code])) for code in facets["sector"] if code in SECTORS),
                              key=lambda pair: sort_key(pair[1], language))}


@bp.get("/f/<code>/plan")
def public_plan(code: str):
    """Public floor plan once the fair's plan is published, one hall at a time; a booth code in `q` shows its hall
    with the booth lit up, and `exhibitor` or the directory's filters light up the exhibitors' booths."""
    fair = _published_fair(code)
    if fair is None:
        return redirect(url_for("fairs.public", code=code.upper()))
    filters = _directory_filters()
    exhibitor = request.args.get("exhibitor", type=id_arg)
    reveal = occupants_shown(fair, manager=False)
    found = find_booth(db.session, fair, filters["q"]) if filters["q"] else None
    searching = (any(filters.values()) or exhibitor is not None) and found is None
    # Without a search the whole fair's directory is not read: the hall is drawn, the list link is there.
    directory = exhibitor_directory(db.session, fair.id, search=filters["q"], province=filters["province"],
                                    country=filters["country"], sector=filters["sector"],
                                    enterprise_id=exhibitor) if searching else []
    hall_id = request.args.get("hall", type=id_arg)
    if searching and directory:
        hall_id = hall_id if hall_id and any(entry["hall_id"] == hall_id for entry in directory) else \
            directory[0]["hall_id"]
        found = PlanFind(filters["q"], hall_id, [code for entry in directory for code in entry["booths"]])
    context = plan_page_context(fair, hall_id, reveal=reveal, found=found)
    if context is None:
        return redirect(url_for("fairs.public", code=fair.code))
    return render_template("booths/plan.html", manage=False, directory=directory, filters=filters,
                           searching=searching, filter_args={k: v for k, v in filters.items() if v},
                           choices=_directory_choices(fair), country_name=country_name, **context)


@bp.get("/f/<code>/exhibitors")
def public_directory(code: str):
    """Public directory of the fair's exhibitors: search by name or product, filter by sector, province and
    country; each with its booths and a link that shows them on the plan."""
    fair = _published_fair(code)
    if fair is None:
        return redirect(url_for("fairs.public", code=code.upper()))
    filters = _directory_filters()
    listing = directory_page(db.session, fair.id, filters, page=request.args.get("page", 1, type=int),
                             per_page=DIRECTORY_PAGE_SIZE)
    halls = {hall.id: hall.name for hall in list_halls(db.session, fair)}
    return render_template("booths/directory.html", fair=fair, entries=listing.items, total=listing.total,
                           page=listing.number, pages=listing.pages, filters=filters,
                           filter_args={k: v for k, v in filters.items() if v},
                           choices=_directory_choices(fair), halls=halls,
                           sectors=SECTORS, country_name=country_name)

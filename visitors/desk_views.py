"""Registration desk and visitor lists: walk-ins with a badge at once, lost badges, bulk printing, imports."""

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from booths.layout.forms import ImportForm
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, import_uploaded_table, show_errors_on_form
from core.import_help import template_download
from core.inputs import id_arg
from core.jobs import create_job, get_job, launch
from fairs.models import Fair
from visitors import bp
from visitors.badges import badge_face, badges_pdf
from visitors.forms import PrintForm, RegistrationForm
from visitors.gate_views import gate_fair
from visitors.imports import import_columns, import_visitors
from visitors.models import Visitor
from visitors.services import badge_code, badge_in_force, get_visitor, register_visitor, reissue_badge

DESK_ROLES = ("organizer", "staff")
LIST_LIMIT = 200


def _fair(fair_id: int) -> Fair:
    return gate_fair(fair_id)


def _matching(fair: Fair, *, search: str, visitor_type: str):
    query = sa.select(Visitor).where(Visitor.fair_id == fair.id)
    if visitor_type:
        query = query.where(Visitor.visitor_type == visitor_type)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(sa.or_(sa.func.lower(Visitor.full_name).like(pattern),
                                   sa.func.lower(Visitor.organisation).like(pattern),
                                   sa.func.lower(Visitor.email).like(pattern)))
    return query.order_by(Visitor.created_at.desc(), Visitor.id.desc())


@bp.get("/fairs/<int:fair_id>/visitors")
@role_required(*DESK_ROLES)
def visitor_list(fair_id: int):
    """Staff: find visitors, print or reissue a badge, print a selection in bulk."""
    fair = _fair(fair_id)
    search, visitor_type = request.args.get("q", ""), request.args.get("type", "")
    query = _matching(fair, search=search, visitor_type=visitor_type)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    visitors = list(db.session.scalars(query.limit(LIST_LIMIT)))
    job = get_job(db.session, request.args.get("job", type=id_arg), actor=current_user) if request.args.get("job") \
        else None
    return render_template("visitors/list.html", fair=fair, visitors=visitors, total=total, search=search,
                           visitor_type=visitor_type, job=job, action_form=EmptyForm(),
                           print_form=PrintForm(q=search, type=visitor_type))


@bp.get("/fairs/<int:fair_id>/visitors/<int:visitor_id>/badge.pdf")
@role_required(*DESK_ROLES)
def visitor_badge(fair_id: int, visitor_id: int):
    """Staff: one visitor's badge PDF (CR80 for card printers unless asked otherwise)."""
    _fair(fair_id)
    visitor = get_visitor(db.session, visitor_id)
    if visitor.fair_id != fair_id:
        abort(404)
    size = request.args.get("size", "cr80") if request.args.get("size") in ("a6", "cr80") else "cr80"
    badge = badge_in_force(db.session, visitor)
    code = badge_code(db.session, badge, now=utcnow())
    db.session.commit()
    pdf = badges_pdf(visitor.fair, [badge_face(visitor, code, badge.serial)], size=size)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": content_disposition(f"badge-{visitor.id}.pdf", inline=True)})


@bp.post("/fairs/<int:fair_id>/visitors/<int:visitor_id>/reissue")
@role_required(*DESK_ROLES)
def visitor_reissue(fair_id: int, visitor_id: int):
    """Staff: a lost badge: the old code is revoked at every gate, a new one is printed."""
    _fair(fair_id)
    visitor = get_visitor(db.session, visitor_id)
    if visitor.fair_id != fair_id:
        abort(404)
    if EmptyForm().validate_on_submit():
        reissue_badge(db.session, visitor, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("A new badge was issued for %(name)s; the old one no longer opens the gates.",
                name=visitor.full_name), "success")
    return redirect(url_for("visitors.visitor_list", fair_id=fair_id, q=visitor.email or visitor.full_name))


@bp.post("/fairs/<int:fair_id>/visitors/print")
@role_required(*DESK_ROLES)
def visitor_print(fair_id: int):
    """Staff: print the badges of every visitor matching the filter, as a background job."""
    fair = _fair(fair_id)
    form = PrintForm()
    if not form.validate_on_submit():
        flash(_("Choose a badge format."), "error")
        return redirect(url_for("visitors.visitor_list", fair_id=fair.id))
    ids = list(db.session.scalars(_matching(fair, search=form.q.data or "", visitor_type=form.type.data or "")
                                  .with_only_columns(Visitor.id)))
    if not ids:
        flash(_("No visitor matches."), "info")
        return redirect(url_for("visitors.visitor_list", fair_id=fair.id))
    job = create_job(db.session, "badges.print", {"fair_id": fair.id, "visitor_ids": ids, "size": form.size.data},
                     actor=current_user, now=utcnow())
    db.session.commit()
    launch(job)
    return redirect(url_for("visitors.visitor_list", fair_id=fair.id, q=form.q.data, type=form.type.data,
                            job=job.id))


@bp.route("/fairs/<int:fair_id>/desk", methods=["GET", "POST"])
@role_required(*DESK_ROLES)
def desk(fair_id: int):
    """Registration desk: register a walk-in and print the badge at once."""
    fair = _fair(fair_id)
    form = RegistrationForm()
    status = 200
    if form.validate_on_submit():
        try:
            visitor, created = register_visitor(db.session, fair, form.values(), source="desk", actor=current_user,
                                                now=utcnow())
            db.session.commit()
            if not created:
                flash(_("This e-mail was already registered: here is that visitor's badge."), "info")
            return redirect(url_for("visitors.desk", fair_id=fair.id, printed=visitor.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = 422
    elif request.method == "POST":
        status = 422
    printed = db.session.get(Visitor, request.args.get("printed", type=id_arg) or 0)
    if printed is not None and printed.fair_id != fair.id:
        printed = None
    return render_template("visitors/desk.html", fair=fair, form=form, printed=printed), status


@bp.route("/fairs/<int:fair_id>/visitors/import", methods=["GET", "POST"])
@role_required("organizer")
def visitor_import(fair_id: int):
    """Organizer: import a buyer list or a delegation (CSV or XLSX), all or nothing."""
    fair = _fair(fair_id)
    form = ImportForm()
    created, problems, status = import_uploaded_table(
        form, lambda rows: import_visitors(db.session, fair, rows, actor=current_user, now=utcnow()))
    if created is not None:
        flash(_("%(n)d visitors registered, each with a badge.", n=created), "success")
        return redirect(url_for("visitors.visitor_list", fair_id=fair.id))
    return render_template("visitors/import.html", fair=fair, form=form, problems=problems,
                           columns=import_columns(),
                           template_url=url_for("visitors.visitor_import", fair_id=fair.id) + "/template"), status


@bp.get("/fairs/<int:fair_id>/visitors/import/template.<any(csv, xlsx):kind>")
@role_required("organizer")
def visitor_import_template(fair_id: int, kind: str):
    """Organizer: an empty visitors file with its header and an example row."""
    _fair(fair_id)
    return template_download(import_columns(), kind=kind, filename=_("visitors-template"))

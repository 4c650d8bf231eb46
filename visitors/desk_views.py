"""Registration desk and the visitor list: walk-ins with a badge at once, one visitor's page, lost badges, bulk
printing and resending, imports."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from booths.layout.forms import ImportForm
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language
from core.import_help import template_download
from core.inputs import id_arg
from core.jobs import launch, watch_job
from core.jobs.imports import import_upload, shown_import_job
from core.pagination import PER_PAGE, list_args, page_number, page_of_position
from core.urls import external_url
from fairs.models import Fair
from visitors import bp
from visitors.attendance_tally import fair_counts
from visitors.badges import badge_face, badges_pdf
from visitors.forms import PrintForm, RegistrationForm
from visitors.gate_views import gate_fair
from visitors.imports import JOB_KIND as VISITOR_IMPORT
from visitors.imports import import_columns, import_visitors, start_visitor_import
from visitors.listing import (
    VISITOR_ARGS,
    VISITOR_FILTERS,
    admissions_of,
    matching_visitor_ids,
    visitor_choices,
    visitor_facts,
    visitor_neighbours,
    visitor_page,
    visitor_query,
)
from visitors.models import Visitor
from visitors.printing import start_badge_printing
from visitors.services import (
    badge_code,
    badge_in_force,
    get_visitor,
    register_visitor,
    reissue_badge,
    resend_badge_mails,
)
from visitors.views import badge_link_token

DESK_ROLES = ("organizer", "staff")


def _fair(fair_id: int) -> Fair:
    return gate_fair(fair_id)


def _visitor_of(fair_id: int, visitor_id: int) -> Visitor:
    visitor = get_visitor(db.session, visitor_id)
    if visitor.fair_id != fair_id:
        abort(404)
    return visitor


@bp.get("/fairs/<int:fair_id>/visitors")
@role_required(*DESK_ROLES)
def visitor_list(fair_id: int):
    """Staff: the fair's visitors searched (name, organisation, e-mail, badge serial), filtered, sorted and paged;
    badges printed or e-mailed again for the ticked ones or for all that match."""
    fair = _fair(fair_id)
    asked = visitor_query(request.args)
    args = list_args(request.args, VISITOR_ARGS)
    # One read of the attendance tally gives the total and the country choices.
    counts = fair_counts(db.session, fair.id, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    page = visitor_page(db.session, fair, asked, page=page_number(request.args.get("page")), counts=counts)
    job = watch_job(db.session, request.args.get("job", type=id_arg), actor=current_user) if request.args.get("job") \
        else None
    return render_template("visitors/list.html", fair=fair, page=page, asked=asked, args=args,
                           filters=asked.filters, job=job, print_form=PrintForm(),
                           facts=visitor_facts(db.session, [visitor.id for visitor in page.items]),
                           choices=visitor_choices(counts, language=current_language()))


@bp.get("/fairs/<int:fair_id>/visitors/<int:visitor_id>")
@role_required(*DESK_ROLES)
def visitor_detail(fair_id: int, visitor_id: int):
    """Staff: one visitor (contact, badge, days admitted) with the way back to the filtered list and on to the
    previous and next visitor."""
    fair = _fair(fair_id)
    visitor = _visitor_of(fair_id, visitor_id)
    args = list_args(request.args, VISITOR_FILTERS + ("sort",))
    neighbours = visitor_neighbours(db.session, fair, visitor_query(args), visitor.id,
                                    timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    back = dict(args)
    if neighbours.position is not None and neighbours.position >= PER_PAGE:
        back["page"] = str(page_of_position(neighbours.position))
    return render_template("visitors/visitor.html", fair=fair, visitor=visitor, args=args, back=back,
                           nav=neighbours, facts=visitor_facts(db.session, [visitor.id])[visitor.id],
                           admissions=admissions_of(db.session, visitor), action_form=EmptyForm())


@bp.get("/fairs/<int:fair_id>/visitors/<int:visitor_id>/badge.pdf")
@role_required(*DESK_ROLES)
def visitor_badge(fair_id: int, visitor_id: int):
    """Staff: one visitor's badge PDF (CR80 for card printers unless asked otherwise)."""
    _fair(fair_id)
    visitor = _visitor_of(fair_id, visitor_id)
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
    visitor = _visitor_of(fair_id, visitor_id)
    if EmptyForm().validate_on_submit():
        reissue_badge(db.session, visitor, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("A new badge was issued for %(name)s; the old one no longer opens the gates.",
                name=visitor.full_name), "success")
    return redirect(url_for("visitors.visitor_detail", fair_id=fair_id, visitor_id=visitor.id,
                            **list_args(request.args, VISITOR_FILTERS + ("sort",))))


def _chosen_ids(fair: Fair) -> list[int]:
    """The visitors a bulk action is for: every one matching the list's filters (`scope=all`, the default), or
    the ticked ones that belong to this fair."""
    matching = matching_visitor_ids(db.session, fair, visitor_query(request.args))
    if request.form.get("scope") == "selected":
        ticked = {int(value) for value in request.form.getlist("visitor") if value.isdigit()}
        return [visitor_id for visitor_id in matching if visitor_id in ticked] if ticked else []
    return matching


@bp.post("/fairs/<int:fair_id>/visitors/print")
@role_required(*DESK_ROLES)
def visitor_print(fair_id: int):
    """Staff: print the badges of the ticked visitors, or of every one matching the list, as a background job."""
    fair = _fair(fair_id)
    form = PrintForm()
    args = list_args(request.args, VISITOR_ARGS)
    if not form.validate_on_submit():
        flash(_("Choose a badge format."), "error")
        return redirect(url_for("visitors.visitor_list", fair_id=fair.id, **args))
    ids = _chosen_ids(fair)
    if not ids:
        flash(_("No visitor matches."), "info")
        return redirect(url_for("visitors.visitor_list", fair_id=fair.id, **args))
    job = start_badge_printing(db.session, fair, size=form.size.data, visitor_ids=ids, actor=current_user,
                               now=utcnow())
    db.session.commit()
    launch(job)
    return redirect(url_for("visitors.visitor_list", fair_id=fair.id, job=job.id, **args))


@bp.post("/fairs/<int:fair_id>/visitors/resend")
@role_required(*DESK_ROLES)
def visitor_resend(fair_id: int):
    """Staff: e-mail the badge link again to the ticked visitors, or to every one matching the list."""
    fair = _fair(fair_id)
    args = list_args(request.args, VISITOR_ARGS)
    if EmptyForm().validate_on_submit():
        sent = resend_badge_mails(db.session, _chosen_ids(fair), links=_badge_links, now=utcnow())
        db.session.commit()
        flash(ngettext("The badge was e-mailed again to %(num)d visitor.",
                       "The badges were e-mailed again to %(num)d visitors.", sent), "success")
    return redirect(url_for("visitors.visitor_list", fair_id=fair.id, **args))


def _badge_links(visitor: Visitor) -> tuple[str, str]:
    token = badge_link_token(visitor)
    return (external_url("visitors.badge_page", token=token),
            external_url("visitors.badge_pdf", token=token, size="a6"))


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
    # A large table is imported by a job: the page then follows its progress (?job=).
    outcome = import_upload(
        form, lambda rows: import_visitors(db.session, fair, rows, actor=current_user, now=utcnow()),
        lambda data, name: start_visitor_import(db.session, fair, data, filename=name, actor=current_user,
                                                now=utcnow()))
    if outcome.job is not None:
        return redirect(url_for("visitors.visitor_import", fair_id=fair.id, job=outcome.job.id))
    if outcome.created is not None:
        flash(_("%(n)d visitors registered, each with a badge.", n=outcome.created), "success")
        return redirect(url_for("visitors.visitor_list", fair_id=fair.id))
    job = shown_import_job(request.args.get("job", type=id_arg), VISITOR_IMPORT, actor=current_user)
    return render_template("visitors/import.html", fair=fair, form=form, problems=outcome.problems, job=job,
                           columns=import_columns(),
                           template_url=url_for("visitors.visitor_import", fair_id=fair.id) + "/template"), \
        outcome.status


@bp.get("/fairs/<int:fair_id>/visitors/import/template.<any(csv, xlsx):kind>")
@role_required("organizer")
def visitor_import_template(fair_id: int, kind: str):
    """Organizer: an empty visitors file with its header and an example row."""
    _fair(fair_id)
    return template_download(import_columns(), kind=kind, filename=_("visitors-template"))

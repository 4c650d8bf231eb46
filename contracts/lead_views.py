"""Lead pages for exhibitor staff: scan a badge at the booth, rate and annotate, export the list."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp
from contracts.forms import LeadForm, LeadScanForm
from contracts.leads import (
    LEAD_ARGS,
    LEAD_FILTERS,
    capture_lead,
    exhibiting_enterprise,
    get_lead_for,
    lead_headers,
    lead_neighbours,
    lead_page,
    lead_query,
    lead_rows,
    matching_leads,
    update_lead,
)
from core.auth import role_required
from core.db import utcnow
from core.downloads import table_download
from core.errors import DomainError
from core.extensions import db
from core.forms import show_errors_on_form
from core.i18n import current_language
from core.pagination import PER_PAGE, list_args, page_number, page_of_position
from fairs.models import Fair


@bp.route("/fairs/<int:fair_id>/leads", methods=["GET", "POST"])
@role_required("exhibitor")
def fair_leads(fair_id: int):
    """Scan a visitor's badge (handheld scanner or camera) and see the enterprise's leads, searched (name,
    organisation, e-mail), filtered (rating, type of visitor), sorted and paged."""
    fair = db.get_or_404(Fair, fair_id)
    enterprise = exhibiting_enterprise(db.session, fair, current_user)
    form, status = LeadScanForm(), 200
    if form.is_submitted():
        if form.validate():
            try:
                lead, created = capture_lead(db.session, fair, form.code.data, actor=current_user, now=utcnow())
                db.session.commit()
                flash(_("New lead: %(name)s.", name=lead.visitor.full_name) if created else
                      _("%(name)s was already a lead: scanned again.", name=lead.visitor.full_name), "success")
                return redirect(url_for("contracts.lead_detail", lead_id=lead.id))
            except DomainError as error:
                db.session.rollback()
                show_errors_on_form(form, error)
        status = 422
    asked = lead_query(request.args)
    return render_template("contracts/leads.html", fair=fair, enterprise=enterprise, form=form, asked=asked,
                           filters=asked.filters, args=list_args(request.args, LEAD_ARGS),
                           page=lead_page(db.session, fair, current_user, asked,
                                          page=page_number(request.args.get("page")))), status


@bp.route("/leads/<int:lead_id>", methods=["GET", "POST"])
@role_required("exhibitor")
def lead_detail(lead_id: int):
    """A lead's contact details (the scanning exhibitor's only), its rating and notes, with the way back to the
    filtered list and to the previous and next lead."""
    lead = get_lead_for(db.session, lead_id, current_user)
    args = list_args(request.args, LEAD_FILTERS + ("sort",))
    form, status = LeadForm(obj=lead), 200
    if not form.is_submitted():
        form.rating.data = str(lead.rating or "")
    elif form.validate():
        try:
            update_lead(db.session, lead, {"rating": form.rating.data, "notes": form.notes.data},
                        actor=current_user)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("contracts.fair_leads", fair_id=lead.fair_id, **args))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = 422
    else:
        status = 422
    neighbours = lead_neighbours(db.session, lead, current_user, lead_query(args))
    back = dict(args)
    if neighbours.position is not None and neighbours.position >= PER_PAGE:
        back["page"] = str(page_of_position(neighbours.position))
    return render_template("contracts/lead.html", lead=lead, form=form, args=args, back=back,
                           nav=neighbours), status


@bp.get("/fairs/<int:fair_id>/leads.<any(csv, xlsx):kind>")
@role_required("exhibitor")
def leads_export(fair_id: int, kind: str):
    """The enterprise's leads at the fair as CSV or XLSX: all that match the list's filters, or the ticked ones
    among them (`lead` ids)."""
    fair = db.get_or_404(Fair, fair_id)
    ticked = [int(value) for value in request.args.getlist("lead") if value.isdigit()]
    leads = matching_leads(db.session, fair, current_user, lead_query(request.args),
                           ids=ticked if request.args.get("scope") == "selected" else None)
    response = table_download(lead_headers(), lead_rows(leads, language=current_language()), kind=kind,
                              filename=f"{fair.code}-leads", title=_("Leads"))
    response.headers["Cache-Control"] = "private, no-store"  # visitors' e-mails and phone numbers
    return response

"""Contract pages: an exhibitor records and lists its own; an organizer lists all and verifies."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp
from contracts.attachments import attach_contract_file, contract_files, get_contract_file
from contracts.forms import KIND_LABELS, ContractFileForm, ContractForm
from contracts.listing import CONTRACT_FILTERS, CONTRACT_SORTS, buyer_countries, contracts_page
from contracts.matching import seller_choices
from contracts.services import get_contract_for, record_contract, verify_contract
from contracts.vocabulary import MANAGERS
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language
from core.pagination import list_args, page_number, parse_sort
from core.uploads import MAX_UPLOAD_BYTES, read_bytes
from enterprises.services import enterprise_of
from fairs.models import Fair

PER_PAGE = 100  # 1,300 contracts at once made a 1.2 MB page


@bp.route("/fairs/<int:fair_id>/contracts", methods=["GET", "POST"])
@role_required("organizer", "exhibitor", "officer")
def fair_contracts(fair_id: int):
    """The fair's contracts (an exhibitor's own), and the form to record one."""
    fair = db.get_or_404(Fair, fair_id)
    enterprise = enterprise_of(db.session, current_user) if current_user.role == "exhibitor" else None
    records_any = current_user.role in MANAGERS
    form = ContractForm()
    # A fair may have 29,000 exhibitors: the organizer finds the seller, the choice lists the first matches.
    seller_search = (request.args.get("seller") or "").strip()[:100]
    sellers_found = 0
    if records_any:
        form.seller_enterprise_id.choices, sellers_found = seller_choices(
            db.session, fair, seller_search, chosen=form.seller_enterprise_id.data if form.is_submitted() else None,
            language=current_language())
    status = 200
    if request.method == "POST":
        if enterprise is None and not records_any:
            abort(403)
        if form.validate_on_submit():
            seller_id = form.seller_enterprise_id.data if records_any else enterprise.id
            try:
                record_contract(db.session, fair, form.values(seller_id), actor=current_user, now=utcnow(),
                                margin_days=current_app.config["CONTRACT_DATE_MARGIN_DAYS"],
                                allow_duplicate=form.confirm_duplicate.data)
                db.session.commit()
                flash(_("The contract has been recorded."), "success")
                return redirect(url_for("contracts.fair_contracts", fair_id=fair.id))
            except DomainError as error:
                db.session.rollback()
                show_errors_on_form(form, error)
                status = error.status if error.status in (403, 409) else 422
        else:
            status = 422
    filters = {name: (request.args.get(name) or "").strip()[:100] for name in CONTRACT_FILTERS}
    sort = parse_sort(request.args.get("sort"), CONTRACT_SORTS, "-signed")
    page = contracts_page(db.session, fair, current_user, filters, sort, page=page_number(request.args.get("page")),
                          per_page=PER_PAGE)
    contracts = page.items
    return render_template("contracts/list.html", fair=fair, form=form, enterprise=enterprise,
                           contracts=contracts, page=page, sort=sort, filters=filters,
                           args=list_args(request.args, CONTRACT_FILTERS + ("sort", "page")),
                           countries=buyer_countries(db.session, fair, current_user, language=current_language()),
                           kinds=KIND_LABELS, verify_form=EmptyForm(),
                           files=contract_files(db.session, contracts), file_form=ContractFileForm(prefix="scan"),
                           may_attach=records_any or enterprise is not None, records_any=records_any,
                           seller_search=seller_search, sellers_found=sellers_found), status


@bp.post("/contracts/<int:contract_id>/verify")
@role_required("organizer")
def verify(contract_id: int):
    """Organizer: mark a contract verified."""
    contract = get_contract_for(db.session, contract_id, current_user)
    if EmptyForm().validate_on_submit():
        verify_contract(db.session, contract, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("The contract is verified."), "success")
    return redirect(url_for("contracts.fair_contracts", fair_id=contract.fair_id))


@bp.post("/contracts/<int:contract_id>/files")
@role_required("organizer", "exhibitor")
def upload_contract_file(contract_id: int):
    """Attach the scanned contract (PDF, content-checked, at most 10 MB)."""
    contract = get_contract_for(db.session, contract_id, current_user)
    form = ContractFileForm(prefix="scan")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            attach_contract_file(db.session, contract, filename=upload.filename or "",
                                 data=upload.read(MAX_UPLOAD_BYTES + 1), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The file has been attached."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(" ".join(item["message"] for item in error.errors) or error.message, "error")
    else:
        flash(_("Choose a PDF file to attach."), "error")
    return redirect(url_for("contracts.fair_contracts", fair_id=contract.fair_id))


@bp.get("/contracts/<int:contract_id>/files/<int:file_id>")
@role_required("organizer", "exhibitor", "officer")
def download_contract_file(contract_id: int, file_id: int):
    """Download a scanned contract: never shown inline, never as HTML."""
    contract = get_contract_for(db.session, contract_id, current_user)
    stored = get_contract_file(db.session, contract, file_id, current_user)
    return Response(read_bytes(db.session, stored), mimetype=stored.media_type, headers={
        "Content-Disposition": content_disposition(stored.filename),
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    })

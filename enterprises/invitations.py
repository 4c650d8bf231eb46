"""Membership by consent: an enterprise's owner invites an address; nobody acts for the enterprise until
the person behind that address accepts (with their account, or by choosing a password for a new one).

Inviting answers the same whether the address has an account or not: the e-mail explains what to do.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from accounts.services import create_user, find_user_by_email, normalise_email
from core.audit import record_audit
from core.errors import Conflict, NotFound, PermissionDenied
from core.mail import queue_mail
from enterprises.models import Enterprise, EnterpriseInvitation, EnterpriseMember

INVITATION_DAYS = 14


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _membership(session, user: User) -> EnterpriseMember | None:
    return session.get(EnterpriseMember, user.id)


def is_owner(session, enterprise: Enterprise, user: User) -> bool:
    """True if `user` owns `enterprise` (only owners invite and withdraw invitations)."""
    member = _membership(session, user)
    return member is not None and member.enterprise_id == enterprise.id and member.role == "owner"


def invite_member(session, enterprise: Enterprise, email: str, *, actor: User, now: datetime,
                  invitation_url: Callable[[str], str]) -> EnterpriseInvitation:
    """The owner invites an address: a pending invitation (renewed if one is open) and an e-mail with its link."""
    if not is_owner(session, enterprise, actor):
        raise PermissionDenied(_("Only the enterprise's owner can invite people."))
    address = normalise_email(email)
    invitee = find_user_by_email(session, address)
    member = _membership(session, invitee) if invitee is not None else None
    if member is not None and member.enterprise_id == enterprise.id:
        raise Conflict(_("This person already acts for your enterprise."), field="email")
    key = secrets.token_urlsafe(32)
    invitation = session.scalar(sa.select(EnterpriseInvitation).where(
        EnterpriseInvitation.enterprise_id == enterprise.id, EnterpriseInvitation.email == address,
        EnterpriseInvitation.status == "pending"))
    if invitation is None:
        invitation = EnterpriseInvitation(enterprise_id=enterprise.id, email=address, status="pending")
        session.add(invitation)
    invitation.invited_by_id, invitation.token_hash, invitation.created_at = actor.id, _hash(key), now
    session.flush()
    queue_mail(session, address, _("You are invited to act for %(enterprise)s", enterprise=enterprise.legal_name),
               _("Hello,\n\n%(name)s invited you to act for %(enterprise)s at trade fairs on our platform.\n"
                 "Open this link to accept or decline (it works for %(days)d days):\n%(url)s\n\n"
                 "If you already have an account with this address, log in with it and accept: nothing changes "
                 "until you do. If you have none, you will choose a password there.\n"
                 "If you do not know %(enterprise)s, ignore this message.",
                 name=actor.display_name, enterprise=enterprise.legal_name, days=INVITATION_DAYS,
                 url=invitation_url(key)), now=now)
    record_audit(session, actor, "enterprise.invite", enterprise, now=now, after={"email": address})
    return invitation


def pending_invitations(session, enterprise: Enterprise, *, now: datetime) -> list[EnterpriseInvitation]:
    """The enterprise's invitations still waiting for an answer, newest first."""
    return list(session.scalars(sa.select(EnterpriseInvitation).where(
        EnterpriseInvitation.enterprise_id == enterprise.id, EnterpriseInvitation.status == "pending",
        EnterpriseInvitation.created_at > now - timedelta(days=INVITATION_DAYS))
        .order_by(EnterpriseInvitation.created_at.desc())))


def withdraw_invitation(session, enterprise: Enterprise, invitation_id: int, *, actor: User,
                        now: datetime) -> EnterpriseInvitation:
    """The owner takes back a pending invitation: its link stops working."""
    invitation = session.get(EnterpriseInvitation, invitation_id)
    if invitation is None or invitation.enterprise_id != enterprise.id or invitation.status != "pending":
        raise NotFound(_("No such invitation."))
    if not is_owner(session, enterprise, actor):
        raise PermissionDenied(_("Only the enterprise's owner can invite people."))
    invitation.status, invitation.answered_at = "withdrawn", now
    record_audit(session, actor, "enterprise.invitation_withdraw", enterprise, now=now,
                 after={"email": invitation.email})
    session.flush()
    return invitation


def open_invitation(session, key: str, *, now: datetime) -> EnterpriseInvitation:
    """The pending, unexpired invitation of an e-mailed link; NotFound otherwise."""
    invitation = session.scalar(sa.select(EnterpriseInvitation).where(EnterpriseInvitation.token_hash == _hash(key)))
    if (invitation is None or invitation.status != "pending"
            or now - invitation.created_at > timedelta(days=INVITATION_DAYS)):
        raise NotFound(_("This invitation is invalid, was answered or withdrawn, or has expired."))
    return invitation


def invitations_for(session, user: User, *, now: datetime) -> list[EnterpriseInvitation]:
    """Pending invitations addressed to `user`'s e-mail (shown to an exhibitor acting for no enterprise)."""
    return list(session.scalars(sa.select(EnterpriseInvitation).where(
        EnterpriseInvitation.email == user.email, EnterpriseInvitation.status == "pending",
        EnterpriseInvitation.created_at > now - timedelta(days=INVITATION_DAYS))
        .order_by(EnterpriseInvitation.created_at.desc())))


def invitee_has_account(session, invitation: EnterpriseInvitation) -> bool:
    """True if an account exists for the invited address (the link's holder logs in to accept)."""
    return find_user_by_email(session, invitation.email) is not None


def _join(session, invitation: EnterpriseInvitation, user: User, *, now: datetime) -> EnterpriseMember:
    member = EnterpriseMember(user_id=user.id, enterprise_id=invitation.enterprise_id, role="member",
                              joined_at=now)
    session.add(member)
    invitation.status, invitation.answered_at = "accepted", now
    session.flush()
    record_audit(session, user, "enterprise.invitation_accept", invitation.enterprise, now=now,
                 after={"email": invitation.email})
    return member


def accept_invitation(session, invitation: EnterpriseInvitation, *, user: User, now: datetime) -> EnterpriseMember:
    """The logged-in invitee accepts: from now on they act for the enterprise."""
    if user.email != invitation.email:
        raise PermissionDenied(_("This invitation was sent to another address. Log in with that account."))
    if user.role != "exhibitor":
        raise Conflict(_("Only exhibitor accounts can act for an enterprise; ask the organizer."))
    if _membership(session, user) is not None:
        raise Conflict(_("Your account already acts for an enterprise."))
    return _join(session, invitation, user, now=now)


def accept_invitation_with_new_account(session, invitation: EnterpriseInvitation, *, display_name: str,
                                       password: str, now: datetime) -> User:
    """Someone without an account accepts by choosing a password: the link proved the address."""
    if invitee_has_account(session, invitation):
        raise Conflict(_("An account with this address exists: log in to accept."))
    user = create_user(session, invitation.email, password, "exhibitor", display_name=display_name, now=now,
                       confirmed=True)
    _join(session, invitation, user, now=now)
    return user


def decline_invitation(session, invitation: EnterpriseInvitation, *, now: datetime) -> None:
    """The invitee says no (the link proves the address: no login needed)."""
    invitation.status, invitation.answered_at = "declined", now
    record_audit(session, None, "enterprise.invitation_decline", invitation.enterprise, now=now,
                 after={"email": invitation.email})
    session.flush()

"""Account models: users, API tokens and login attempts."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from core.auth import ROLES
from core.db import UTCDateTime
from core.extensions import db

_ROLE_LIST = ", ".join(f"'{role}'" for role in ROLES)


class User(UserMixin, db.Model):
    """A person who logs in; the role decides what they may do."""

    __tablename__ = "user_account"
    __table_args__ = (sa.CheckConstraint(f"role IN ({_ROLE_LIST})", name="role_known"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    display_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    locale: so.Mapped[str] = so.mapped_column(sa.String(5), default="vi")
    active: so.Mapped[bool] = so.mapped_column(default=True)
    email_confirmed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    # Kept from before server-side sessions (accounts.sessions); no longer read.
    session_version: so.Mapped[int] = so.mapped_column(default=1, server_default="1")

    tokens: so.Mapped[list["ApiToken"]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password`."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """True if `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the API, stored only as a hash."""

    __tablename__ = "api_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    prefix: so.Mapped[str] = so.mapped_column(sa.String(12))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    last_used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    user: so.Mapped[User] = so.relationship(back_populates="tokens")

    @property
    def is_revoked(self) -> bool:
        """True once revoked."""
        return self.revoked_at is not None


class LoginAttempt(db.Model):
    """A login attempt, kept to slow down password guessing."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_email_at", "email", "attempted_at"),
        sa.Index("ix_login_attempt_address_at", "address", "attempted_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    address: so.Mapped[str] = so.mapped_column(sa.String(64))
    succeeded: so.Mapped[bool] = so.mapped_column()
    attempted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


class UserSession(db.Model):
    """A login on one device: the signed cookie names it, and it ends when revoked, idle or too old."""

    __tablename__ = "user_session"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the random key the cookie carries: the table alone cannot be replayed as a cookie.
    key_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    last_seen_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    user_agent: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    address_prefix: so.Mapped[str] = so.mapped_column(sa.String(48), default="")
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    user: so.Mapped[User] = so.relationship()

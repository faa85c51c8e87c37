"""People and companies: users, companies and who belongs to which company in what role."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId

if TYPE_CHECKING:
    from jobboard.models.job import Job

UserRole = Literal["seeker", "employer", "admin"]
MemberRole = Literal["owner", "recruiter", "viewer"]
MEMBER_ROLES: tuple[MemberRole, ...] = ("owner", "recruiter", "viewer")
# How a member hears of new applications: an e-mail each, one a day, or only in the app.
ApplicationMail = Literal["instant", "daily", "off"]
APPLICATION_MAIL: tuple[ApplicationMail, ...] = ("instant", "daily", "off")
COMPANY_SIZES = ("1-49", "50-99", "100-499", "500-999", "1000-4999", "5000-9999", "10000+")


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('seeker', 'employer', 'admin')", name="role"),
        # An erased account's id is never handed to a new one (SQLite would reuse the rowid).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(120))
    email_verified_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    tokens_valid_after: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[CompanyMember]] = relationship(back_populates="user", lazy="raise")


class Company(Base):
    __tablename__ = "company"
    __table_args__ = (
        CheckConstraint(
            "size IS NULL OR size IN ('1-49', '50-99', '100-499', '500-999', '1000-4999', "
            "'5000-9999', '10000+')",
            name="size",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str | None] = mapped_column(String(80))
    size: Mapped[str | None] = mapped_column(String(16))
    founded_year: Mapped[int | None]
    headquarters_geoname_id: Mapped[int | None]
    headquarters_city: Mapped[str | None] = mapped_column(String(200))
    headquarters_region: Mapped[str | None] = mapped_column(String(200))
    headquarters_country_code: Mapped[str | None] = mapped_column(String(2))
    # The stored key of the logo Jobboard drew from the upload (``companies.logos``).
    logo_key: Mapped[str | None] = mapped_column(String(200))
    # The moderators' standing: warned, or disabled (it posts and publishes nothing).
    warned_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    members: Mapped[list[CompanyMember]] = relationship(back_populates="company", lazy="raise")
    jobs: Mapped[list[Job]] = relationship(back_populates="company", lazy="raise")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CompanyMember(Base):
    __tablename__ = "company_member"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'recruiter', 'viewer')", name="role"),
        CheckConstraint("application_mail IN ('instant', 'daily', 'off')", name="application_mail"),
        Index("ix_company_member_user_id", "user_id"),
    )

    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    application_mail: Mapped[str] = mapped_column(
        String(8), default="instant", server_default="instant"
    )
    # Until when the member's daily digest has told of new applications.
    application_digest_until: Mapped[datetime | None]

    company: Mapped[Company] = relationship(back_populates="members", lazy="raise")
    user: Mapped[User] = relationship(back_populates="memberships", lazy="raise")


class CompanyInvitation(Base):
    """An invitation to join a company in a role, sent to an e-mail address.

    Nothing secret is stored: the link's token is the invitation's id under an HMAC of the
    application's secret (``companies.invitations``). It works until ``expires_at``, once
    (``accepted_at``), and not after an owner withdraws it (``revoked_at``).
    """

    __tablename__ = "company_invitation"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'recruiter', 'viewer')", name="role"),
        Index("ix_company_invitation_company_id", "company_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]

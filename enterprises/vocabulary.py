"""The kinds of enterprise the platform knows. Pure module."""

ENTERPRISE_KINDS = ("enterprise", "cooperative", "household_business", "rural_establishment")
MEMBER_ROLES = ("owner", "member")
INVITATION_STATUSES = ("pending", "accepted", "declined", "withdrawn")

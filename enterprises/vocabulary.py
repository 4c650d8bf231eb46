"""The kinds of enterprise the platform knows. Pure module."""

# The legal types Nghị định 45/2012 (khuyến công) names among its beneficiaries: enterprises, cooperatives,
# cooperative groups (tổ hợp tác), household businesses, and rural industrial establishments.
ENTERPRISE_KINDS = ("enterprise", "cooperative", "cooperative_group", "household_business", "rural_establishment")
MEMBER_ROLES = ("owner", "member")
INVITATION_STATUSES = ("pending", "accepted", "declined", "withdrawn")

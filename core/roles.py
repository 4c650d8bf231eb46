"""The roles a user account can have (pure: imported by auth, models and the OpenAPI document alike)."""

ROLES = ("admin", "organizer", "staff", "exhibitor", "officer")

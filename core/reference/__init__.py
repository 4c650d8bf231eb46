"""Reference data: provinces (2025 units), countries (ISO 3166) and sectors."""

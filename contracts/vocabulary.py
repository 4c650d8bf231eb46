"""Stored words of the contracts package."""

CONTRACT_KINDS = ("mou", "contract", "order")
CONTRACT_STATUSES = ("signed", "in_progress", "cancelled")

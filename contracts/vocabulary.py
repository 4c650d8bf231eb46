"""Stored words of the contracts package."""

CONTRACT_KINDS = ("mou", "contract", "order")
CONTRACT_STATUSES = ("signed", "in_progress", "cancelled")
MEETING_STATUSES = ("requested", "accepted", "declined", "cancelled")
MEETING_OUTCOMES = ("no_deal", "follow_up", "contract")
MEETING_PLACES = ("booth", "table")
# A buyer's request holds its slot while it waits; an exhibitor is only held by accepted meetings.
BUYER_HOLDING = ("requested", "accepted")
# The roles that record, edit and verify any contract of a fair.
MANAGERS = ("admin", "organizer")

"""Booth applications: applying, the organizer's review and decisions, documents, delegations,
manual assignment of booths, the exhibitor directory and the e-mails sent when the plan is published.

Sits on `booths.layout`; `booths.allocation` sits on it.
"""

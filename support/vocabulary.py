"""Stored words of the support package. Pure module."""

PROGRAMME_LEVELS = ("national", "provincial")
GRANT_CONTENTS = ("fair_participation", "booth_fee", "travel", "training", "machinery", "product_design", "other")
GRANT_STATUSES = ("planned", "approved", "disbursed", "cancelled")
# Where a grant may go from each status: forward, or cancelled until it is paid out (a cancelled grant stays, for the
# record, but commits nothing).
GRANT_MOVES = {"planned": ("approved", "cancelled"), "approved": ("disbursed", "cancelled"), "disbursed": (),
               "cancelled": ()}
# Grants that commit the programme's money; a planned grant is an intention, not yet a commitment.
COMMITTED_STATUSES = ("approved", "disbursed")
GRANT_SOURCES = ("manual", "import", "application")
# A project (đề án) moves through these, as the decree's procedure has it: approval, contract with the implementing
# unit, advance, acceptance (nghiệm thu), settlement (quyết toán).
PROJECT_STATUSES = ("approved", "contracted", "advanced", "accepted", "settled")

"""Human labels of fair statuses and of the steps between them, translated at render time."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open for applications"),
    "allocating": _l("Allocating booths"),
    "published": _l("Floor plan published"),
    "running": _l("Running"),
    "closed": _l("Closed"),
}

# What the button of each step says: the action, not the state it leads to.
STEP_LABELS = {
    "open": _l("Open applications"),
    "allocating": _l("Start allocation"),
    "published": _l("Publish the floor plan"),
    "running": _l("Open the fair"),
    "closed": _l("Close the fair"),
}
REOPEN_LABEL = _l("Reopen applications")

# What each step does, said before it is taken.
STEP_EFFECTS = {
    "open": _l("The public page appears and exhibitors can apply until the deadline."),
    "allocating": _l("Applications close; exhibitors can no longer apply or withdraw."),
    "published": _l("Exhibitors see their booths and the public floor plan appears."),
    "running": _l("The fair is open: gates admit visitors and exhibitors record leads and contracts."),
    "closed": _l("The fair becomes part of the record and can no longer be changed."),
}
REOPEN_EFFECT = _l("Exhibitors can apply and withdraw again; the allocation so far stays.")

# The organizer's next step while a fair is in each status.
NEXT_STEPS = {
    "draft": _l("Lay out the halls and booths, then open applications."),
    "open": _l("Review the applications; start allocation once the deadline has passed."),
    "allocating": _l("Preview the allocation, commit it, then publish the floor plan."),
    "published": _l("Print the badges and open the fair on its first day."),
    "running": _l("Close the fair after its last day."),
    "closed": _l("See the results."),
}
# Said instead once the day has come.
NEXT_STEPS_DUE = {
    "open": _l("The application deadline has passed: decide the last applications and start allocation."),
    "published": _l("The fair begins today or has begun: open it."),
    "running": _l("The fair's last day has passed: close it."),
}

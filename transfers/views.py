"""Browser pages of the ladder (being built)."""


def escalation_panel(request, case, *, can_work):
    return None

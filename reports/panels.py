"""The hard-case card on the dossier page (cases.panels): the case's ledger entries and petitions, with
the forms of what the user may do — record a petition or its reply, flag interference risk, put the
case under the upper court's supervision, check an entry off."""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.models import OPEN_STATUSES, ClosureType
from cases.panels import Panel
from courts import access
from reports import ledger_forms as f
from reports.ledger_selectors import case_ledger
from reports.models import HardCaseCategory

# Forms of a failed submission, shown again with their errors (set by reports.ledger_views).
BOUND_ATTR = "hard_case_bound"
ANCHOR = "hard-cases"


@dataclass
class HardCaseForms:
    petition: f.PetitionForm | None = None
    sensitive: f.ReasonForm | None = None
    supervised: f.ReasonForm | None = None
    open: set = field(default_factory=set)


def followed(case) -> bool:
    """The cases the ledger follows (reports.hard_cases.UNFINISHED)."""
    return case.status in OPEN_STATUSES or case.closure_type == ClosureType.TERMINATED_ROUND


def hard_case_panel(request, case, *, can_work: bool) -> Panel | None:
    user = request.user
    bound = getattr(request, BOUND_ATTR, {})
    entries, petitions = case_ledger(case)
    # An upper court's user: its jurisdiction read once for every check below.
    jurisdiction = (set(access.jurisdiction_ids(user.court_id)) if user.is_authenticated and user.court_id
                    and user.court_id != case.court_id else set())
    may_petition = access.can_record_petition(user, case, jurisdiction=jurisdiction)
    live = followed(case)
    may_sensitive = live and access.can_mark_interference(user, case, jurisdiction=jurisdiction)
    may_supervise = live and access.can_mark_supervised(user, case, jurisdiction=jurisdiction)
    if not (entries or petitions or may_petition or may_sensitive or may_supervise):
        return None
    forms = HardCaseForms()

    def pick(prefix: str, offered: bool, make):
        if prefix in bound:
            forms.open.add(prefix)
            return bound[prefix]
        return make(prefix) if offered else None

    open_categories = {e.category for e in entries if e.is_open}
    forms.petition = pick("pet", may_petition, lambda p: f.PetitionForm(prefix=p))
    forms.sensitive = pick("hc-sensitive", may_sensitive and HardCaseCategory.SENSITIVE not in open_categories,
                           lambda p: f.ReasonForm(prefix=p))
    forms.supervised = pick("hc-supervised", may_supervise and HardCaseCategory.SUPERVISED not in open_categories,
                            lambda p: f.ReasonForm(prefix=p))
    for entry in entries:
        entry.clear_form = pick(f"hc-clear-{entry.pk}", entry.is_open and access.can_clear_hard_case(user, case, entry.category,
                                                                                    jurisdiction=jurisdiction),
                                lambda p: f.ReasonForm(prefix=p))
    for petition in petitions:
        petition.reply_form = pick(f"pet-reply-{petition.pk}", may_petition and petition.replied_on is None,
                                   lambda p: f.PetitionReplyForm(prefix=p))
    return Panel(template="reports/_hard_case_panel.html", context={
        "hc_entries": entries, "hc_petitions": petitions, "hc_forms": forms, "hc_open": [e for e in entries if e.is_open],
    })

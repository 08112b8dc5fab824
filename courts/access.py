"""Court-scoped access — the one place that decides who sees and acts on which case (DESIGN.md §1).

Rules:
- a user sees the cases of their own court;
- a user of an upper court (intermediate, high, supreme) sees its whole jurisdiction, read-only;
- a court that receives a transfer or an entrustment of a case sees that case (the link tables
  that record those relations register themselves in ``EXTRA_VISIBILITY``);
- a system administrator sees everything.
Acting (writing) on a case needs the case to belong to the user's own court.
Every selector, view and API endpoint goes through these functions; nothing filters by court ad hoc.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from courts.models import Court, CourtLevel, Role, User

# Hooks returning a Q over EnforcementCase for extra courts that may see a case (transfers,
# entrustments). Each takes the user's court id.
EXTRA_VISIBILITY: list[Callable[[int], Q]] = []


def jurisdiction_ids(court: Court | int) -> list[int]:
    """Ids of the court and every court below it (its subtree). One query over the court table
    (a province has ~200 courts), walked in Python."""
    court_id = court if isinstance(court, int) else court.pk
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Court.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    result, stack = [], [court_id]
    while stack:
        node = stack.pop()
        result.append(node)
        stack.extend(children.get(node, []))
    return sorted(result)


def visible_courts(user: User) -> QuerySet[Court]:
    if not user.is_authenticated:
        return Court.objects.none()
    if user.is_system_admin:
        return Court.objects.all()
    if user.court_id is None:
        return Court.objects.none()
    if user.court.level == CourtLevel.BASIC:
        return Court.objects.filter(pk=user.court_id)
    return Court.objects.filter(pk__in=jurisdiction_ids(user.court_id))


def case_visibility_q(user: User) -> Q | None:
    """The Q that selects the cases ``user`` may see, or None for 'everything'."""
    if user.is_system_admin:
        return None
    if user.court_id is None:
        return Q(pk__in=[])
    if user.court.level == CourtLevel.BASIC:
        q = Q(court_id=user.court_id)
    else:
        q = Q(court_id__in=jurisdiction_ids(user.court_id))
    for hook in EXTRA_VISIBILITY:
        q |= hook(user.court_id)
    return q


def visible_cases(user: User, queryset: QuerySet | None = None) -> QuerySet:
    from cases.models import EnforcementCase

    qs = queryset if queryset is not None else EnforcementCase.objects.all()
    if not user.is_authenticated:
        return qs.none()
    q = case_visibility_q(user)
    return qs if q is None else qs.filter(q)


def can_view_case(user: User, case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


# Roles that may change a case of their own court.
CASE_WRITE_ROLES = {Role.CLERK, Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF, Role.ADMIN}


def can_act_on_case(user: User, case) -> bool:
    """Staff of the court that owns the case: they may write to it (what exactly is decided by
    can_work_case / can_reassign / can_register_in) and see parties' full ID numbers and phones.
    Upper courts read their jurisdiction without acting and see masked identities."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == case.court_id and user.role in CASE_WRITE_ROLES


def can_work_case(user: User, case) -> bool:
    """Dossier work and status changes: the handler, the judges and assistants of the case's team,
    and the court's bureau chief. A filing clerk registers cases but does not work them."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    if user.court_id != case.court_id:
        return False
    if user.role == Role.BUREAU_CHIEF or case.handler_id == user.pk:
        return True
    if user.role not in (Role.JUDGE, Role.ASSISTANT) or case.team_id is None:
        return False
    from courts.models import TeamMembership

    return TeamMembership.objects.filter(team_id=case.team_id, user=user, is_active=True).exists()


def can_reassign(user: User, case) -> bool:
    if user.is_system_admin:
        return True
    return user.court_id == case.court_id and user.role == Role.BUREAU_CHIEF


def can_register_in(user: User, court: Court) -> bool:
    """Registration (立案) happens at the clerk's own court."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == court.pk and user.role in {Role.CLERK, Role.BUREAU_CHIEF}


# --- pre-enforcement tracking and relief (apps tracking/ and relief/, issue #9) --------------------
def can_track_in(user: User, court: Court) -> bool:
    """Pre-enforcement tracking (执前督促): the court's tracking office — its filing clerks and its
    bureau chief — records effective judgments, serves reminders and warnings, records outcomes and
    passes a record to enforcement. Everyone who sees the court (visible_courts) reads the records."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == court.pk and user.role in {Role.CLERK, Role.BUREAU_CHIEF}


def can_decide_relief(user: User, case) -> bool:
    """Decisions on judicial aid (司法救助) and on referral to bankruptcy review (执转破移送决定) are
    signed for the court's president by its bureau chief; the case's judges prepare them."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == case.court_id and user.role == Role.BUREAU_CHIEF


# --- petitions and the hard-case ledger (app reports/, issue #5) -----------------------------------
# The ledger page and its API: the bureau chiefs, supervisors and designation officers (each sees the
# entries of the cases visible_cases gives them: own court; an upper court its jurisdiction).
LEDGER_READERS = {Role.BUREAU_CHIEF, Role.SUPERVISOR, Role.DESIGNATION_OFFICER}
# Staff of the case's own court who record petitions, and of an upper court (which receives many).
PETITION_OWN_COURT_ROLES = {Role.CLERK, Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF}
PETITION_UPPER_COURT_ROLES = {Role.CLERK, Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF, Role.SUPERVISOR,
                              Role.DESIGNATION_OFFICER}


def is_upper_court_of(user: User, case, *, jurisdiction: set[int] | None = None) -> bool:
    """The user belongs to a court above the case's court (its parent, or higher up the tree).
    ``jurisdiction``: the user's jurisdiction_ids, when the caller has them already (lists)."""
    if not user.is_authenticated or user.court_id is None or user.court_id == case.court_id:
        return False
    ids = jurisdiction if jurisdiction is not None else set(jurisdiction_ids(user.court_id))
    return case.court_id in ids


def can_read_ledger(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_system_admin or (user.court_id is not None and user.role in LEDGER_READERS)


def can_record_petition(user: User, case, *, jurisdiction: set[int] | None = None) -> bool:
    """The case's court staff (filing clerks, judges, assistants, the bureau chief) record petitions,
    and so does the staff of an upper court, where petitioners often turn."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    if user.court_id == case.court_id:
        return user.role in PETITION_OWN_COURT_ROLES
    return user.role in PETITION_UPPER_COURT_ROLES and is_upper_court_of(user, case, jurisdiction=jurisdiction)


def can_mark_interference(user: User, case, *, jurisdiction: set[int] | None = None) -> bool:
    """敏感案 (interference risk) is a judgement: the bureau chief of the case's court, or a supervisor
    or designation officer of an upper court."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    if user.court_id == case.court_id:
        return user.role == Role.BUREAU_CHIEF
    return user.role in {Role.SUPERVISOR, Role.DESIGNATION_OFFICER} and is_upper_court_of(user, case, jurisdiction=jurisdiction)


def can_mark_supervised(user: User, case, *, jurisdiction: set[int] | None = None) -> bool:
    """上级督办 is decided above the case's court: a supervisor, designation officer or bureau chief of an
    upper court. A court never puts its own case under supervision, nor lifts it (see can_clear_hard_case)."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return (user.role in {Role.SUPERVISOR, Role.DESIGNATION_OFFICER, Role.BUREAU_CHIEF}
            and is_upper_court_of(user, case, jurisdiction=jurisdiction))


def can_clear_hard_case(user: User, case, category: str, *, jurisdiction: set[int] | None = None) -> bool:
    """Check-off (销号): the bureau chief of the case's court or a supervisor of an upper court; an
    upper court's supervision (重点案) only by those who may impose it."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    if category == "supervised":
        return can_mark_supervised(user, case, jurisdiction=jurisdiction)
    if user.court_id == case.court_id:
        return user.role == Role.BUREAU_CHIEF
    return user.role == Role.SUPERVISOR and is_upper_court_of(user, case, jurisdiction=jurisdiction)


def can_set_hard_case_rules(user: User, court: Court) -> bool:
    """A court's ledger thresholds (老案 after N months, 难案 from N petitions) are its bureau chief's,
    like its escalation policy."""
    if not user.is_authenticated:
        return False
    return user.is_system_admin or (user.court_id == court.pk and user.role == Role.BUREAU_CHIEF)


# --- legacy-ledger import (app imports, issue #7) --------------------------------------------------
def can_import_in(user: User, court: Court) -> bool:
    """Bulk import of a legacy case ledger into a court: the people who register its cases (its
    filing clerks and bureau chief) and system administrators — an import registers cases."""
    return can_register_in(user, court)


def import_courts(user: User) -> QuerySet[Court]:
    """Courts whose imports the user sees (and may start): their own court for its clerks and bureau
    chief, every active court for a system administrator, none for anyone else."""
    if not user.is_authenticated:
        return Court.objects.none()
    if user.is_system_admin:
        return Court.objects.filter(is_active=True)
    if user.court_id and user.role in {Role.CLERK, Role.BUREAU_CHIEF}:
        return Court.objects.filter(pk=user.court_id)
    return Court.objects.none()

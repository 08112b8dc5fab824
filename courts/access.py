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

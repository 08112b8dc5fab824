"""Reads for assignment decisions: caseloads of teams and judges (DESIGN.md §2, §8.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from cases.models import OPEN_STATUSES, EnforcementCase
from courts.models import Court, Team, TeamMembership, TeamRole, User


def _open_count(field: str) -> Subquery:
    # COUNT(*), not COUNT(id): answered from the (team|handler, status) index alone, without visiting
    # the cases (registration and the escalation sweep run this under a row lock; bench/, issue #7).
    return Subquery(
        EnforcementCase.objects.filter(**{field: OuterRef("pk")}, status__in=OPEN_STATUSES)
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def _active_judges() -> Subquery:
    return Subquery(
        TeamMembership.objects.filter(team=OuterRef("pk"), is_active=True, role=TeamRole.JUDGE, user__is_active=True)
        .order_by()
        .values("team")
        .annotate(n=Count("*"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def teams_with_load(court: Court) -> QuerySet[Team]:
    """Active teams of the court that have at least one active judge, with open-case counts, the
    least loaded first by open cases *per judge* (a three-judge team takes three times the cases of
    a one-judge team), then by total, name and id."""
    # Both counts are per-team subqueries (no join with the memberships to group again): each runs
    # once per team instead of once per member.
    return (
        Team.objects.filter(court=court, is_active=True)
        .annotate(judge_count=Coalesce(_active_judges(), Value(0)), open_cases=Coalesce(_open_count("team"), Value(0)))
        .filter(judge_count__gt=0)
        .annotate(load_per_judge=ExpressionWrapper(
            Cast(F("open_cases"), DecimalField(max_digits=12, decimal_places=4)) / F("judge_count"),
            output_field=DecimalField(max_digits=12, decimal_places=4)))
        .order_by("load_per_judge", "open_cases", "name", "pk")
    )


def judges_with_load(team: Team) -> QuerySet[User]:
    """Active judges of a team, fewest open cases first, ties by a stable order (user id)."""
    member_ids = TeamMembership.objects.filter(team=team, is_active=True, role=TeamRole.JUDGE).values("user_id")
    return (
        User.objects.filter(pk__in=member_ids, is_active=True)
        .annotate(open_cases=Coalesce(_open_count("handler"), Value(0)))
        .order_by("open_cases", "pk")
    )


def eligible_handlers(court: Court) -> QuerySet[User]:
    """Judges a bureau chief may hand a case to: active judges in active teams of the court."""
    member_ids = TeamMembership.objects.filter(
        team__court=court, team__is_active=True, is_active=True, role=TeamRole.JUDGE
    ).values("user_id")
    return (
        User.objects.filter(pk__in=member_ids, is_active=True)
        .annotate(open_cases=Coalesce(_open_count("handler"), Value(0)))
        .order_by("full_name", "username")
    )


# --- the ladder, read (DESIGN.md §8: "a supervisor must be able to read why") -----------------------
def case_chain(case: EnforcementCase) -> list[EnforcementCase]:
    """The case and the cases it came from or went to by designation (and 恢复执行), oldest first."""
    root, seen = case, {case.pk}
    while root.origin_case_id and root.origin_case_id not in seen:
        root = EnforcementCase.objects.select_related("court").get(pk=root.origin_case_id)
        seen.add(root.pk)
    chain, frontier = [root], [root.pk]
    while frontier:
        nxt = list(EnforcementCase.objects.filter(origin_case_id__in=frontier).exclude(pk__in=[c.pk for c in chain])
                   .select_related("court").order_by("created_at", "pk"))
        chain += nxt
        frontier = [c.pk for c in nxt]
    return chain


def escalation_history(case: EnforcementCase, *, today=None) -> dict:
    """Who held the case, how long, at which level, and why it moved — across the chain of cases it
    passed through — plus where its clock stands now. A fixed number of queries."""
    from django.utils import timezone

    from cases.clock import days_on_clock, policy_in_force
    from transfers.escalation import skip_reason
    from transfers.models import Assignment, DesignationRequest, EscalationStep

    today = today or timezone.localdate()
    chain = case_chain(case)
    ids = [c.pk for c in chain]
    numbers = {c.pk: c.case_number for c in chain}
    # The rows alone, then the people, teams, courts, policies and new cases they name, each read once by
    # id: joining all of them (seven joins a query, the case table to itself among them) cost PostgreSQL
    # more to plan than to run (bench/).
    steps = list(EscalationStep.objects.filter(case_id__in=ids).order_by("occurred_at", "pk"))
    assignments = list(Assignment.objects.filter(case_id__in=ids).order_by("started_at", "pk"))
    requests = list(DesignationRequest.objects.filter(case_id__in=ids).order_by("created_at", "pk"))
    _attach_named(steps, assignments, requests)
    # The level a holder held the case at: the level after the latest step of that case before it began.
    holders = []
    for a in assignments:
        level = 0
        for st in steps:
            if st.case_id == a.case_id and st.occurred_at <= a.started_at:
                level = st.level_to
        until = a.ended_at or timezone.make_aware(dt.datetime.combine(today, dt.time(23, 59)))
        holders.append({"case": a.case_id, "case_number": numbers[a.case_id], "court": a.court.name,
                        "team": a.team.name if a.team else "", "handler": a.handler.display_name if a.handler else "",
                        "handler_id": a.handler_id, "from": a.started_at, "until": a.ended_at,
                        "days": max((timezone.localdate(until) - timezone.localdate(a.started_at)).days, 0),
                        "kind": a.kind, "kind_label": a.get_kind_display(), "reason": a.reason, "level": level})
    # A closed case's last holder held it until the case closed.
    closed = {c.pk: c.closed_on for c in chain if c.closed_on}
    for h in holders:
        if h["until"] is None and h["case"] in closed:
            h["days"] = max((closed[h["case"]] - timezone.localdate(h["from"])).days, 0)
            h["closed_on"] = closed[h["case"]]
    step_rows = [{"id": st.pk, "case": st.case_id, "case_number": numbers[st.case_id], "at": st.occurred_at,
                  "level_from": st.level_from, "level_to": st.level_to, "rule": st.rule, "rule_label": st.get_rule_display(),
                  "days_without_progress": st.days_without_progress, "limit_days": st.limit_days,
                  "old_handler": st.old_handler.display_name if st.old_handler else "",
                  "new_handler": st.new_handler.display_name if st.new_handler else "",
                  "old_team": st.old_team.name if st.old_team else "", "new_team": st.new_team.name if st.new_team else "",
                  "actor": st.actor.display_name if st.actor else "", "reason": st.reason, "decision": st.decision,
                  "policy_from": st.policy.effective_from if st.policy else None,
                  "skipped": [{"level": k.get("level"), "why": k.get("why", ""), "label": skip_reason(k.get("why", ""))}
                              for k in (st.decision or {}).get("skipped", [])]} for st in steps]
    request_rows = [{"id": r.pk, "case": r.case_id, "case_number": numbers[r.case_id], "upper_court": r.upper_court.name,
                     "from_court": r.from_court.name, "source": r.source, "source_label": r.get_source_display(),
                     "status": r.status, "status_label": r.get_status_display(), "reason": r.reason,
                     "requested_by": r.requested_by.display_name if r.requested_by else "", "created_at": r.created_at,
                     "decision": r.decision, "decided_at": r.decided_at,
                     "decided_by": r.decided_by.display_name if r.decided_by else "", "decision_reason": r.decision_reason,
                     "target_court": r.target_court.name if r.target_court else "",
                     "target_team": r.target_team.name if r.target_team else "",
                     "new_case": r.new_case_id, "new_case_number": r.new_case.case_number if r.new_case else ""}
                    for r in requests]
    policy = policy_in_force(case.court_id, today)
    limit = policy.limit_for(case.escalation_level) if case.is_open else None
    clock = {
        "level": case.escalation_level, "clock_from": case.clock_from, "due_on": case.escalation_due_on,
        "paused_since": case.clock_paused_since, "days_on_clock": days_on_clock(case, today) if case.is_open else None,
        "limit_days": limit, "waiting_for_upper_court": case.is_open and case.escalation_level >= 3,
        "days_left": (case.escalation_due_on - today).days if case.escalation_due_on else None,
        "policy_from": policy.effective_from if policy.pk else None,
    }
    timeline = sorted(
        [{"type": "held", "at": h["from"], **h} for h in holders]
        + [{"type": "step", **s} for s in step_rows]
        + [{"type": "request", "at": r["created_at"], **r} for r in request_rows]
        + [{"type": "decision", "at": r["decided_at"], **r} for r in request_rows if r["decided_at"]],
        key=lambda e: (e["at"], {"step": 0, "request": 1, "decision": 2, "held": 3}[e["type"]]))
    return {"case": case.pk, "case_number": case.case_number, "chain": [{"id": c.pk, "case_number": c.case_number,
                                                                          "court": c.court.name, "status": c.status,
                                                                          "closure_type": c.closure_type} for c in chain],
            "clock": clock, "holders": holders, "steps": step_rows, "requests": request_rows, "timeline": timeline}


def _attach_named(steps, assignments, requests) -> None:
    """Set the related objects the ladder names (handlers, teams, courts, policies, new cases) on the
    rows, as select_related would, from one query per related table."""
    from courts.models import EscalationPolicy

    def ids(rows, *attrs) -> set[int]:
        return {getattr(r, f"{a}_id") for r in rows for a in attrs} - {None}

    users = User.objects.only("full_name", "first_name", "last_name", "username").in_bulk(
        ids(steps, "old_handler", "new_handler", "actor") | ids(assignments, "handler", "assigned_by")
        | ids(requests, "decided_by", "requested_by"))
    teams = Team.objects.in_bulk(ids(steps, "old_team", "new_team") | ids(assignments, "team") | ids(requests, "target_team"))
    courts = Court.objects.in_bulk(ids(steps, "court") | ids(assignments, "court")
                                   | ids(requests, "upper_court", "from_court", "target_court"))
    policies = EscalationPolicy.objects.in_bulk(ids(steps, "policy"))
    new_cases = EnforcementCase.objects.only("case_number").in_bulk(ids(requests, "new_case"))
    named = {"old_handler": users, "new_handler": users, "actor": users, "handler": users, "assigned_by": users,
             "decided_by": users, "requested_by": users, "old_team": teams, "new_team": teams, "team": teams,
             "target_team": teams, "court": courts, "upper_court": courts, "from_court": courts, "target_court": courts,
             "policy": policies, "new_case": new_cases}
    for rows, attrs in ((steps, ("old_handler", "new_handler", "actor", "old_team", "new_team", "court", "policy")),
                        (assignments, ("handler", "assigned_by", "team", "court")),
                        (requests, ("decided_by", "requested_by", "target_team", "upper_court", "from_court",
                                    "target_court", "new_case"))):
        for row in rows:
            for attr in attrs:
                pk = getattr(row, f"{attr}_id")
                setattr(row, attr, named[attr][pk] if pk is not None else None)


# --- inboxes (courts.access decides which courts a user sees; these select within them) ------------
def designation_requests_visible(user: User):
    """Requests a user may read: those addressed to a court of the user's jurisdiction (the upper court's
    inbox; a higher court reads its whole subtree) and those sent from the user's own court."""
    from transfers.models import DesignationRequest

    qs = DesignationRequest.objects.select_related(
        "case", "case__court", "case__handler", "from_court", "upper_court", "target_court", "target_team", "new_case",
        "decided_by", "requested_by")
    # The receiving court reads the decision that sent it a case.
    return _court_scoped(qs, user, lambda courts: Q(upper_court_id__in=courts) | Q(from_court_id=user.court_id)
                         | Q(new_case__court_id=user.court_id) | Q(target_court_id=user.court_id))


def _court_scoped(qs, user: User, q_for: Callable[[list[int]], Q]):
    """``qs`` narrowed to what ``user`` may read: nothing without a court, everything for a system
    administrator, otherwise ``q_for`` of the user's jurisdiction (its court and the courts below)."""
    from courts.access import jurisdiction_ids

    if not user.is_authenticated or (user.court_id is None and not user.is_system_admin):
        return qs.none()
    if user.is_system_admin:
        return qs
    return qs.filter(q_for(jurisdiction_ids(user.court_id)))


def entrustments_visible(user: User):
    """Entrustments a user may read: sent by or to the user's court (an upper court reads its subtree)."""
    from transfers.models import Entrustment

    qs = Entrustment.objects.select_related("case", "from_court", "to_court", "requested_by", "replied_by")
    return _court_scoped(qs, user, lambda courts: Q(to_court_id__in=courts) | Q(from_court_id__in=courts))


def escalation_steps_visible(user: User):
    from courts.access import visible_cases
    from transfers.models import EscalationStep

    return EscalationStep.objects.filter(case__in=visible_cases(user)).select_related(
        "case", "court", "old_handler", "new_handler", "old_team", "new_team", "actor", "policy")


def policies_visible(user: User):
    from courts.access import visible_courts
    from courts.models import EscalationPolicy

    return EscalationPolicy.objects.filter(court__in=visible_courts(user)).select_related("court", "created_by")


# --- reads of the browser pages (transfers.views) ---------------------------------------------------
def designation_inbox(user: User):
    """The inbox rows a user may read (designation_requests_visible) with the respondents of each case
    prefetched (``case.respondent_links``): one query for the page, one for the respondents."""
    from django.db.models import Prefetch

    from cases.models import CaseParty, PartyRole

    return designation_requests_visible(user).prefetch_related(
        Prefetch("case__case_parties", to_attr="respondent_links",
                 queryset=CaseParty.objects.filter(role=PartyRole.RESPONDENT).select_related("party").order_by("position", "pk")))


def case_entrustments(case: EnforcementCase):
    """The entrustments of one case, newest first (the dossier panel lists them all)."""
    from transfers.models import Entrustment

    return (Entrustment.objects.filter(case=case).select_related("from_court", "to_court", "requested_by", "replied_by")
            .order_by("-created_at", "-pk"))


# --- reads for the REST API (transfers.api) ---------------------------------------------------------
def policies_with_state(user: User, *, today=None):
    """Policy versions a user may read, each with ``in_force_id`` (the version of its court in force on
    ``today``, as cases.clock.policy_in_force picks it) and ``has_steps`` — one query for any number
    of courts."""
    from django.db.models import Exists
    from django.utils import timezone

    from courts.models import EscalationPolicy
    from transfers.models import EscalationStep

    today = today or timezone.localdate()
    in_force = (EscalationPolicy.objects.filter(court_id=OuterRef("court_id"), effective_from__lte=today)
                .order_by("-effective_from", "-pk").values("pk")[:1])
    return policies_visible(user).annotate(in_force_id=Subquery(in_force),
                                           has_steps=Exists(EscalationStep.objects.filter(policy_id=OuterRef("pk"))))


def concentrations_visible(user: User):
    """Concentrations a user may read: decided by or received at a court of the user's jurisdiction, or
    that moved a case away from the user's court. Each with the requests that moved its cases."""
    from django.db.models import Prefetch

    from courts.access import jurisdiction_ids
    from transfers.models import Concentration, DesignationRequest

    qs = Concentration.objects.select_related("upper_court", "respondent", "target_court", "decided_by").prefetch_related(
        Prefetch("requests", queryset=DesignationRequest.objects.select_related("case", "from_court", "new_case").order_by("pk")))
    if not user.is_authenticated:
        return qs.none()
    if user.is_system_admin:
        return qs
    if user.court_id is None:
        return qs.none()
    courts = jurisdiction_ids(user.court_id)
    moved_away = DesignationRequest.objects.filter(concentration__isnull=False, from_court_id__in=courts).values("concentration_id")
    return qs.filter(Q(upper_court_id__in=courts) | Q(target_court_id__in=courts) | Q(pk__in=moved_away))


def courts_with_load(upper_court: Court) -> QuerySet[Court]:
    """Active basic courts directly under ``upper_court`` with ``open_cases`` and ``judge_count`` (active
    judges in active teams) — the load figures transfers.suggestions ranks by, for a choice that is
    not about one case (集中管辖)."""
    from courts.models import CourtLevel

    open_cases = Subquery(EnforcementCase.objects.filter(court=OuterRef("pk"), status__in=OPEN_STATUSES).order_by()
                          .values("court").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())
    judges = Subquery(TeamMembership.objects.filter(team__court=OuterRef("pk"), team__is_active=True, is_active=True,
                                                    role=TeamRole.JUDGE, user__is_active=True).order_by()
                      .values("team__court").annotate(n=Count("user", distinct=True)).values("n")[:1],
                      output_field=IntegerField())
    return (Court.objects.filter(parent=upper_court, is_active=True, level=CourtLevel.BASIC)
            .annotate(open_cases=Coalesce(open_cases, Value(0)), judge_count=Coalesce(judges, Value(0)))
            .order_by("code", "name"))


def concentration_targets(upper_court: Court, cases: list[EnforcementCase]) -> list[dict]:
    """The courts that may receive a concentration of ``cases`` (集中管辖): each with its load and how
    many of the cases are there already, in the shape of transfers.suggestions.Suggestion.as_dict plus
    ``cases_here``; least loaded per judge first, a court without judges last."""
    from django.utils.translation import gettext as _

    from transfers.suggestions import Suggestion

    here: dict[int, int] = {}
    for case in cases:
        here[case.court_id] = here.get(case.court_id, 0) + 1
    targets = []
    for court in courts_with_load(upper_court):
        target = Suggestion(court=court, open_cases=court.open_cases, judges=court.judge_count)
        if here.get(court.pk):
            target.reasons.append(_("Open cases against the respondent already at this court: %(n)d") % {"n": here[court.pk]})
        load = target.load_per_judge
        target.reasons.append(_("Load: %(n)d open cases, %(j)d judges (%(per)s per judge)")
                              % {"n": target.open_cases, "j": target.judges, "per": load if load is not None else "—"})
        targets.append(target)
    targets.sort(key=lambda t: (t.judges == 0, t.load_per_judge if t.load_per_judge is not None else 0, t.court.code, t.court.name))
    return [t.as_dict() | {"cases_here": here.get(t.court.pk, 0)} for t in targets]


# --- enforcement campaigns (集中执行行动) ------------------------------------------------------------------
# A user reads a campaign organised by a court of its jurisdiction (the organiser, the courts above it),
# or a campaign under way or closed that includes cases of its courts (courts.access.visible_courts: a
# basic court its own, an upper court its jurisdiction). Within a campaign, a user reads the rows of the
# cases of those courts: the organiser and the courts above it all of them (a campaign only takes cases
# of the organiser's jurisdiction), a basic court its own — not the cases it sees only because they
# moved away from it or were entrusted to it.
def campaigns_visible(user: User):
    from courts.access import visible_courts
    from transfers.models import Campaign, CampaignCase, CampaignStatus

    qs = Campaign.objects.select_related("court", "created_by", "started_by", "closed_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_system_admin:
        return qs
    if user.court_id is None:
        return qs.none()
    courts = visible_courts(user)
    with_my_cases = CampaignCase.objects.filter(case__court__in=courts).values("campaign_id")
    return qs.filter(Q(court__in=courts) | (~Q(status=CampaignStatus.DRAFT) & Q(pk__in=with_my_cases)))


def _entries_scope(user: User, prefix: str = "") -> Q:
    from courts.access import visible_courts

    return Q() if user.is_system_admin else Q(**{f"{prefix}case__court__in": visible_courts(user)})


def campaign_entries_visible(user: User, campaign):
    """The rows of ``campaign`` the user reads, with what the ledger shows of each case."""
    from django.db.models import Prefetch

    from cases.models import CaseParty, PartyRole
    from transfers.models import CampaignCase

    qs = CampaignCase.objects.filter(_entries_scope(user), campaign=campaign)
    return qs.select_related("campaign", "campaign__court", "case", "case__court", "case__handler", "added_by",
                             "reported_by", "cleared_by").prefetch_related(
        Prefetch("case__case_parties", to_attr="respondent_links",
                 queryset=CaseParty.objects.filter(role=PartyRole.RESPONDENT).select_related("party").order_by("position", "pk")))


def campaigns_with_counts(user: User):
    """Campaigns the user reads, each with the counts of the rows the user reads: cases, reported,
    checked off, money recovered."""
    from django.db.models import Sum

    scope = _entries_scope(user, "entries__")
    return campaigns_visible(user).annotate(
        n_cases=Count("entries", filter=scope),
        n_reported=Count("entries", filter=scope & Q(entries__reported_at__isnull=False)),
        n_cleared=Count("entries", filter=scope & Q(entries__cleared_on__isnull=False)),
        recovered=Coalesce(Sum("entries__amount_recovered", filter=scope),
                           Value(0), output_field=DecimalField(max_digits=18, decimal_places=2)),
    )


class CampaignTotals:
    """Sums over ledger rows: cases, reported, checked off, 拘传, 拘留, voluntary performances, recovered."""

    FIELDS = ("cases", "reported", "cleared", "compelled_appearances", "detentions", "voluntary", "recovered")

    def __init__(self, row: dict | None = None, **labels) -> None:
        from decimal import Decimal

        row = row or {}
        self.cases = row.get("cases") or 0
        self.reported = row.get("reported") or 0
        self.cleared = row.get("cleared") or 0
        self.compelled_appearances = row.get("compelled_appearances") or 0
        self.detentions = row.get("detentions") or 0
        self.voluntary = row.get("voluntary") or 0
        self.recovered = (row.get("recovered") or Decimal("0")).quantize(Decimal("0.01"))
        for key, value in labels.items():
            setattr(self, key, value)

    @property
    def unreported(self) -> int:
        return self.cases - self.reported

    @property
    def not_cleared(self) -> int:
        return self.cases - self.cleared

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in (*self.FIELDS, "unreported", "not_cleared")}


def _campaign_sums() -> dict:
    from django.db.models import Sum

    return {
        "cases": Count("pk"),
        "reported": Count("pk", filter=Q(reported_at__isnull=False)),
        "cleared": Count("pk", filter=Q(cleared_on__isnull=False)),
        "compelled_appearances": Sum("compelled_appearances"),
        "detentions": Sum("detentions"),
        "voluntary": Count("pk", filter=Q(voluntary_performance=True, reported_at__isnull=False)),
        "recovered": Sum("amount_recovered"),
    }


def campaign_totals(entries) -> CampaignTotals:
    """The totals of ledger rows (any filtered queryset of CampaignCase): one query."""
    return CampaignTotals(entries.order_by().aggregate(**_campaign_sums()))


def campaign_court_totals(entries) -> list[CampaignTotals]:
    """The totals per court of the cases (``court_id``, ``court_name``), in the courts' order: one query."""
    rows = (entries.order_by().values("case__court_id", "case__court__name", "case__court__short_name", "case__court__code")
            .annotate(**_campaign_sums()).order_by("case__court__code", "case__court__name"))
    return [CampaignTotals(row, court_id=row["case__court_id"], court_name=row["case__court__name"],
                           court_short_name=row["case__court__short_name"] or row["case__court__name"]) for row in rows]


def campaign_candidates(campaign):
    """The open cases of the organising court's jurisdiction, each with ``outstanding`` and
    ``in_campaign`` (already selected), for the selection page and its API."""
    from django.db.models import DecimalField, Exists, ExpressionWrapper, Prefetch

    from cases.models import CaseParty, PartyRole
    from courts.access import jurisdiction_ids
    from transfers.models import CampaignCase

    return (EnforcementCase.objects.filter(court_id__in=jurisdiction_ids(campaign.court_id), status__in=OPEN_STATUSES)
            .annotate(outstanding=ExpressionWrapper(F("target_amount") - F("recovered_amount"),
                                                    output_field=DecimalField(max_digits=16, decimal_places=2)),
                      in_campaign=Exists(CampaignCase.objects.filter(campaign=campaign, case_id=OuterRef("pk"))))
            .select_related("court", "handler")
            .prefetch_related(Prefetch("case_parties", to_attr="respondent_links",
                                       queryset=CaseParty.objects.filter(role=PartyRole.RESPONDENT).select_related("party")
                                       .order_by("position", "pk")))
            .order_by("court__code", "filed_on", "pk"))


class DossierFigures:
    """What the dossier recorded for a case within a campaign's dates (first and last day included): the
    拘传 and 拘留 issued, the payments received and whether the respondent paid itself. The report
    form starts from these; the court confirms or corrects them."""

    def __init__(self, compelled_appearances: int = 0, detentions: int = 0, recovered=None, payments: int = 0,
                 debtor_paid: bool = False) -> None:
        from decimal import Decimal

        self.compelled_appearances = compelled_appearances
        self.detentions = detentions
        self.recovered = (recovered or Decimal("0")).quantize(Decimal("0.01"))
        self.payments = payments
        self.debtor_paid = debtor_paid

    def as_dict(self) -> dict:
        return {"compelled_appearances": self.compelled_appearances, "detentions": self.detentions,
                "amount_recovered": self.recovered, "payments": self.payments, "voluntary_performance": self.debtor_paid}


def dossier_figures(campaign, case_ids) -> dict[int, DossierFigures]:
    """DossierFigures per case id, in two queries for any number of cases."""
    from django.db.models import Sum

    from cases.models import CoerciveMeasure, MeasureKind, Payment, PaymentSource

    ids = list(case_ids)
    figures = {pk: DossierFigures() for pk in ids}
    if not ids:
        return figures
    window = (campaign.starts_on, campaign.ends_on)
    for row in (CoerciveMeasure.objects.filter(case_id__in=ids, issued_on__range=window,
                                               kind__in=[MeasureKind.COMPELLED_APPEARANCE, MeasureKind.DETENTION])
                .order_by().values("case_id", "kind").annotate(n=Count("pk"))):
        name = "compelled_appearances" if row["kind"] == MeasureKind.COMPELLED_APPEARANCE else "detentions"
        setattr(figures[row["case_id"]], name, row["n"])
    for row in (Payment.objects.filter(case_id__in=ids, received_on__range=window).order_by().values("case_id")
                .annotate(total=Sum("amount"), n=Count("pk"), debtor=Count("pk", filter=Q(source=PaymentSource.DEBTOR)))):
        f = figures[row["case_id"]]
        f.recovered, f.payments, f.debtor_paid = row["total"].quantize(f.recovered), row["n"], row["debtor"] > 0
    return figures


def case_campaign_entries(user: User, case: EnforcementCase) -> list:
    """The campaigns a case is in that the user reads (the dossier panel), newest first."""
    from transfers.models import CampaignCase

    return list(CampaignCase.objects.filter(case=case, campaign__in=campaigns_visible(user))
                .select_related("campaign", "campaign__court", "reported_by", "cleared_by")
                .order_by("-campaign__starts_on", "-pk"))

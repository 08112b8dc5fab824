"""Reads for the judge's work: "my dossiers", the dossier's sections (checklists, controls, money,
settlement, alerts) and related cases (一张网). Scoping goes through courts.access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from cases.closure import Missing, requery_due_on, termination_checklist
from cases.deadlines import statutory_deadline
from cases.models import (
    MANDATORY_CATEGORIES,
    OPEN_STATUSES,
    AuctionRound,
    CaseParty,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlStatus,
    EnforcementCase,
    Investigation,
    InvestigationCategory,
    InvestigationResult,
    PartyRole,
    Settlement,
)
from cases.money import DISBURSEMENT_DAYS, ApplicantAccount, applicant_accounts
from cases.progress import days_without_progress
from courts import access
from courts.models import Role, TeamMembership, User

EXPIRY_WARNING_DAYS = 30  # *default*: remind this many days before a control expires (DESIGN.md §6.2)
ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)

SORTS = {
    # key → (order_by, label); "days open" and "days idle" sort the longest first.
    "days_open": ("filed_on", "pk"),
    "days_idle": ("progress_at", "pk"),
    "outstanding": ("-outstanding_value", "pk"),
    "cash_ratio": (F("cash_ratio_value").desc(nulls_last=True), "pk"),
}


def _ordering(sort: str) -> list:
    """SORTS[key] for "key"; the same columns the other way round for "-key" (ties stay by id)."""
    from django.db.models.expressions import OrderBy

    key, reverse = sort.lstrip("-"), sort.startswith("-")
    order = []
    for item in SORTS.get(key, SORTS["days_idle"]):
        if isinstance(item, str):
            item = F(item[1:]).desc() if item.startswith("-") else F(item).asc()
        if reverse and item.expression != F("pk"):
            item = OrderBy(item.expression, descending=not item.descending, nulls_last=True)
        order.append(item)
    return order


def _owned_open_cases(user: User) -> QuerySet[EnforcementCase]:
    qs = access.visible_cases(user).filter(status__in=OPEN_STATUSES)
    if user.role == Role.BUREAU_CHIEF:
        return qs.filter(court_id=user.court_id)
    if user.role == Role.ASSISTANT:
        teams = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
        return qs.filter(team_id__in=teams)
    return qs.filter(handler=user)


def my_dossiers(user: User, *, sort: str = "days_idle", today: dt.date | None = None) -> list[EnforcementCase]:
    """The user's open cases with their alert figures: one query (plus the parties' prefetch)."""
    today = today or timezone.localdate()
    outstanding = Greatest(F("target_amount") - F("recovered_amount"), Value(ZERO), output_field=MONEY_FIELD)
    qs = (
        _owned_open_cases(user)
        .select_related("court", "team", "handler")
        .prefetch_related(Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position", "pk")))
        .annotate(
            outstanding_value=outstanding,
            cash_ratio_value=Case(
                When(outstanding_value__gt=0, then=ExpressionWrapper(
                    F("found_cash_amount") / F("outstanding_value"), output_field=DecimalField(max_digits=20, decimal_places=4))),
                default=None, output_field=DecimalField(max_digits=20, decimal_places=4),
            ),
            progress_at=Coalesce("last_progress_at", "created_at"),
            expiring_controls=Exists(ControlAction.objects.filter(
                case=OuterRef("pk"), status=ControlStatus.IN_FORCE, expires_on__gte=today,
                expires_on__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS))),
            lapsed_controls=Exists(ControlAction.objects.filter(
                case=OuterRef("pk"), status=ControlStatus.IN_FORCE, expires_on__lt=today)),
            missed_instalment=Exists(Settlement.objects.filter(
                case=OuterRef("pk"), status="performing", instalments__due_on__lt=today,
                instalments__paid_amount__lt=F("instalments__amount"))),
        )
        .order_by(*_ordering(sort))
    )
    rows = list(qs)
    for case in rows:
        annotate_alerts(case, today=today)
    return rows


def annotate_alerts(case: EnforcementCase, *, today: dt.date) -> None:
    """Figures and alert flags computed without queries (on annotated or plain cases)."""
    suspended = case.suspended_days + ((today - case.suspended_since).days if case.suspended_since else 0)
    case.days_open = ((case.closed_on or today) - case.filed_on).days  # a closed case stops counting
    case.days_idle = days_without_progress(case, today=today)
    case.limit_date = statutory_deadline(case.filed_on, suspended_days=suspended)
    case.past_limit = case.is_open and today > case.limit_date
    case.disbursement_due = case.held_since + dt.timedelta(days=DISBURSEMENT_DAYS) if case.held_since else None
    case.undisbursed_overdue = bool(case.disbursement_due and today > case.disbursement_due)


def requery_due_cases(user: User, *, today: dt.date | None = None, within_days: int = 30) -> list[EnforcementCase]:
    """终本 cases of this user whose 6-monthly re-query is due (or due within ``within_days``)."""
    today = today or timezone.localdate()
    qs = access.visible_cases(user).filter(status="closed", closure_type=ClosureType.TERMINATED_ROUND,
                                           closed_on__gte=today - dt.timedelta(days=5 * 366))
    if user.role == Role.BUREAU_CHIEF:
        qs = qs.filter(court_id=user.court_id)
    elif user.role == Role.ASSISTANT:
        qs = qs.filter(team_id__in=TeamMembership.objects.filter(user=user, is_active=True).values("team_id"))
    else:
        qs = qs.filter(handler=user)
    qs = qs.exclude(derived_cases__type_code="执恢")  # resumed: the 执恢 case carries on
    cases = list(qs.select_related("court").prefetch_related(
        Prefetch("investigations", queryset=Investigation.objects.order_by("-queried_on"), to_attr="queries")))
    due = []
    for case in cases:
        last = next((i.queried_on for i in case.queries if i.queried_on and i.queried_on >= case.closed_on), None)
        case.requery_due = requery_due_on(case, last_query=last, resumed=False)
        if case.requery_due and case.requery_due <= today + dt.timedelta(days=within_days):
            due.append(case)
    return sorted(due, key=lambda c: c.requery_due)


# --- related cases (一张网) ----------------------------------------------------------------------
@dataclass
class RelatedCases:
    links: list[CaseParty]
    hidden_count: int
    hidden_courts: int


def related_cases(user: User, case: EnforcementCase) -> RelatedCases:
    """Every other case where one of this case's respondents appears — as respondent (other creditors)
    or as applicant (money owed *to* the debtor can be frozen). Cases the user may not see are
    counted, not shown."""
    respondent_ids = list(CaseParty.objects.filter(case=case, role=PartyRole.RESPONDENT).values_list("party_id", flat=True))
    # In steps, each on an index: the links of those parties (party_id), which of their cases the user
    # may see (primary key), then those links with what a row shows. As one query with the visibility
    # subquery inside, PostgreSQL misjudged it and scanned every party link of the province.
    candidates = list(CaseParty.objects.filter(party_id__in=respondent_ids).exclude(case=case)
                      .exclude(role=PartyRole.THIRD_PARTY).values_list("pk", "case_id", "case__court_id"))
    case_ids = {case_id for _pk, case_id, _court in candidates}
    visible_q = access.case_visibility_q(user)
    if visible_q is None:
        visible_ids = case_ids
    else:
        visible_ids = set(EnforcementCase.objects.filter(visible_q).filter(pk__in=case_ids).values_list("pk", flat=True))
    links = list(CaseParty.objects.filter(pk__in=[pk for pk, case_id, _court in candidates if case_id in visible_ids])
                 .select_related("party", "case", "case__court", "case__handler")
                 .order_by("party_id", "-case__filed_on", "case_id"))
    hidden = {(case_id, court_id) for _pk, case_id, court_id in candidates if case_id not in visible_ids}
    return RelatedCases(links=links, hidden_count=len(hidden), hidden_courts=len({court for _case, court in hidden}))


# --- the dossier's sections ----------------------------------------------------------------------
@dataclass
class Dossier:
    case: EnforcementCase
    investigations: list[Investigation]
    mandatory: list[tuple[str, str, Investigation | None]]  # (code, label, latest item or None)
    missing_queries: list[str]
    pending_leads: list[Investigation]
    missing_extended: list[str]
    controls: list[ControlAction]
    measures: list[CoerciveMeasure]
    procedure_steps: list
    payments: list
    disbursements: list
    applicants: list[ApplicantAccount]
    settlement: Settlement | None
    missed: list
    checklist: list[Missing]
    requery_due: dt.date | None
    derived_cases: list[EnforcementCase] = field(default_factory=list)
    # Deductible money frozen beyond what is owed (查扣冻规定 art. 19: no control plainly beyond the
    # debt): the judge releases the excess. Shown, not refused — online freezes at several banks land
    # at once and only then can the excess be seen.
    over_frozen: Decimal = ZERO


def dossier(case: EnforcementCase, *, today: dt.date | None = None) -> Dossier:
    """Everything the dossier page (and its API) shows beyond the case row, in a fixed number of queries."""
    today = today or timezone.localdate()
    annotate_alerts(case, today=today)
    investigations = list(case.investigations.select_related("respondent", "recorded_by").order_by("-queried_on", "-pk"))
    done = {}
    for item in investigations:
        if item.category in MANDATORY_CATEGORIES and item.result != InvestigationResult.PENDING:
            done.setdefault(item.category, item)
    labels = dict(InvestigationCategory.choices)
    mandatory = [(c.value, labels[c], done.get(c)) for c in MANDATORY_CATEGORIES]
    finished = {i.category for i in investigations if i.result != InvestigationResult.PENDING}
    controls = list(case.controls.select_related("respondent", "carried_from__case").prefetch_related(
        "renewals", "valuations",
        Prefetch("auction_rounds", queryset=AuctionRound.objects.order_by("round_number", "pk")),
    ).order_by("status", "expires_on", "pk"))
    for control in controls:
        control.days_left = control.days_to_expiry(today)
        control.expiring = control.days_left is not None and control.days_left <= EXPIRY_WARNING_DAYS
        control.expired = control.days_left is not None and control.days_left < 0
        control.latest_valuation = max(control.valuations.all(), key=lambda v: (v.valued_on, v.pk), default=None)
    settlement = case.settlements.prefetch_related("instalments").first()
    missed = [i for i in settlement.instalments.all() if i.is_missed(today)] if settlement and settlement.status == "performing" else []
    derived = list(case.derived_cases.select_related("court").order_by("pk"))
    applicants = applicant_accounts(case)
    frozen = sum((c.frozen_balance for c in controls if c.kind == "freeze_deposit" and c.is_in_force and not c.non_deductible
                  and not c.expired and c.frozen_balance is not None), ZERO)
    return Dossier(
        over_frozen=max(frozen - case.outstanding_amount, ZERO) if case.is_open else ZERO,
        case=case,
        investigations=investigations,
        mandatory=mandatory,
        missing_queries=[label for code, label, item in mandatory if item is None],
        pending_leads=[i for i in investigations if i.result == InvestigationResult.PENDING],
        missing_extended=[labels[c] for c in (case.court.required_extended_checks or ()) if c in labels and c not in finished],
        controls=controls,
        measures=list(case.measures.select_related("respondent").order_by("-issued_on", "-pk")),
        procedure_steps=list(case.procedure_steps.select_related("recorded_by").order_by("-done_on", "-pk")),
        payments=list(case.payments.select_related("control", "recorded_by").order_by("-received_on", "-pk")),
        disbursements=list(case.disbursements.select_related("payee", "recorded_by").order_by("-paid_on", "-pk")),
        applicants=applicants,
        settlement=settlement,
        missed=missed,
        checklist=termination_checklist(case, today=today) if case.is_open else [],
        requery_due=requery_due_on(case, resumed=any(c.type_code == "执恢" for c in derived)),
        derived_cases=derived,
    )


def expiring_controls(user: User, *, today: dt.date | None = None, within_days: int = EXPIRY_WARNING_DAYS) -> QuerySet[ControlAction]:
    """Controls in force of the user's visible cases that expire within ``within_days`` (or have expired unrenewed)."""
    today = today or timezone.localdate()
    return (ControlAction.objects.filter(case__in=access.visible_cases(user).values("pk"), status=ControlStatus.IN_FORCE,
                                         expires_on__lte=today + dt.timedelta(days=within_days))
            .select_related("case", "case__handler").order_by("expires_on"))




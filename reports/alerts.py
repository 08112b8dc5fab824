"""The five 五超 alerts of the supervisor dashboard (DESIGN.md §10, Haidian's 五超 practice).

Each alert is one condition over a case, written once here (``Alert.cases``) and used for the
counts, the case lists, the API and the Excel export alike. Counting groups by (court, team,
handler) over the whole scope in one query per alert; the drill-down rolls the groups up in Python
(reports.scope), so a jurisdiction's dashboard costs the same five queries whatever its size.

Definitions ("today" is the court's local date; a period of N days is "more than N days" — the
alert shows from day N+1):
1. assets_uncontrolled 有财产超15天未查控 — an open case with an investigation item that found assets
   more than 15 days ago (found on D, alert from D+16) and no control action (freeze/seal/seize/
   deduction) started on or after that day.
2. controls_expiring 措施到期未处置 — a control still in force whose term has run out or runs out
   within 30 days (expires_on ≤ today+30) and that was neither renewed nor disposed of. Cases closed
   as 终本 count too: their freezes stay in force and must be renewed.
3. money_undisbursed 超期未发款 — money held for the case, the oldest part received more than 30 days
   ago (held since D, alert from D+31; *law*, 30 days to pay out).
4. past_limit 长期未结 — open past the 6-month statutory limit counted from the day after filing,
   suspension days not counted (last day L = cases.deadlines.statutory_deadline; alert from L+1).
   A suspension in progress moves the limit on day by day, so a suspended case is past the limit
   only if it already was when the suspension began.
5. unarchived 超期未归档 — closed more than 30 days ago (*default*, cases.closure.ARCHIVE_DAYS) and
   not archived (closed on D, alert from D+31).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.closure import ARCHIVE_DAYS
from cases.dossier_selectors import EXPIRY_WARNING_DAYS
from cases.models import (
    CaseStatus,
    ControlAction,
    ControlStatus,
    EnforcementCase,
    Investigation,
    InvestigationResult,
)
from cases.money import DISBURSEMENT_DAYS
from reports.scope import Key, Scope

UNCONTROLLED_DAYS = 15  # *default* (Haidian): found assets are controlled within 15 days


def _uncontrolled(today: dt.date) -> Q:
    cut = today - dt.timedelta(days=UNCONTROLLED_DAYS + 1)
    findings = Investigation.objects.filter(
        case_id=OuterRef("pk"), result=InvestigationResult.FOUND, queried_on__lte=cut,
    ).filter(~Exists(ControlAction.objects.filter(case_id=OuterRef("case_id"), started_on__gte=OuterRef("queried_on"))))
    return ~Q(status=CaseStatus.CLOSED) & Q(Exists(findings))


def _expiring(today: dt.date) -> Q:
    controls = ControlAction.objects.filter(case_id=OuterRef("pk"), status=ControlStatus.IN_FORCE,
                                            expires_on__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS))
    return Q(Exists(controls)) & (~Q(status=CaseStatus.CLOSED) | Q(closure_type="terminated_round"))


def _undisbursed(today: dt.date) -> Q:
    return Q(held_amount__gt=0, held_since__lte=today - dt.timedelta(days=DISBURSEMENT_DAYS + 1))


def _past_limit(today: dt.date) -> Q:
    return ~Q(status=CaseStatus.CLOSED) & (
        Q(suspended_since__isnull=True, limit_on__lt=today) | Q(suspended_since__isnull=False, limit_on__lt=F("suspended_since")))


def _unarchived(today: dt.date) -> Q:
    return Q(status=CaseStatus.CLOSED, archived_on__isnull=True, closed_on__lte=today - dt.timedelta(days=ARCHIVE_DAYS + 1))


@dataclass(frozen=True)
class Alert:
    code: str
    label: str
    short: str
    definition: str
    condition: Callable[[dt.date], Q]
    order: tuple[str, ...]  # the most urgent first
    detail: dict  # extra annotations shown in the case list: name → expression factory(today)

    def cases(self, scope: Scope, today: dt.date) -> QuerySet[EnforcementCase]:
        qs = EnforcementCase.objects.filter(scope.case_q()).filter(self.condition(today))
        extra = {name: make(today) for name, make in self.detail.items()}
        return qs.annotate(**extra) if extra else qs

    def counts(self, scope: Scope, today: dt.date) -> dict[Key, int]:
        rows = (EnforcementCase.objects.filter(scope.case_q()).filter(self.condition(today))
                .order_by().values_list("court_id", "team_id", "handler_id").annotate(n=Count("pk")))
        return {(c, t, h): n for c, t, h, n in rows}


def _first_finding(today):
    return Min("investigations__queried_on", filter=Q(investigations__result=InvestigationResult.FOUND))


def _first_expiry(today):
    return Min("controls__expires_on", filter=Q(controls__status=ControlStatus.IN_FORCE))


ALERTS: tuple[Alert, ...] = (
    Alert("assets_uncontrolled", _("Assets found, not controlled in 15 days"), _("Uncontrolled assets"),
          _("Open cases where an investigation found assets more than 15 days ago and no freeze, seal, seizure or "
            "deduction has been started since."),
          _uncontrolled, ("first_found_on", "filed_on"), {"first_found_on": _first_finding}),
    Alert("controls_expiring", _("Controls expiring without renewal or disposal"), _("Controls expiring"),
          _("Cases (open, or closed as 终本) with a control still in force whose term has run out or runs out within "
            "30 days, neither renewed nor disposed of."),
          _expiring, ("first_expiry_on", "filed_on"), {"first_expiry_on": _first_expiry}),
    Alert("money_undisbursed", _("Money not paid out within 30 days"), _("Money held too long"),
          _("Cases holding money whose oldest part was received more than 30 days ago (the law allows 30 days to pay "
            "it out)."),
          _undisbursed, ("held_since", "filed_on"), {}),
    Alert("past_limit", _("Open past the statutory limit"), _("Past the 6-month limit"),
          _("Open cases past the 6-month limit counted from the day after filing; days of suspension do not count."),
          _past_limit, ("limit_on", "filed_on"), {}),
    Alert("unarchived", _("Closed more than 30 days, not archived"), _("Not archived"),
          _("Cases closed more than 30 days ago whose file has not been archived."),
          _unarchived, ("closed_on", "filed_on"), {}),
)
ALERTS_BY_CODE = {a.code: a for a in ALERTS}


def alert_counts(scope: Scope, today: dt.date) -> dict[str, dict[Key, int]]:
    """Every alert's counts grouped by (court, team, handler): five queries."""
    return {alert.code: alert.counts(scope, today) for alert in ALERTS}


def alert_cases(code: str, scope: Scope, today: dt.date) -> QuerySet[EnforcementCase]:
    alert = ALERTS_BY_CODE[code]
    return alert.cases(scope, today).select_related("court", "team", "handler").order_by(*alert.order, "pk")

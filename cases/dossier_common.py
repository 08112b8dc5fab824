"""Helpers shared by the dossier services (cases.dossier, cases.money, cases.closure): locking,
permission, and field checks that collect every error before anything is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import CaseStatus, EnforcementCase, EventKind
from courts import access
from courts.models import User
from enforcement.errors import FieldErrors, IllegalTransition


class Errors(dict):
    """Field → messages; ``raise_if_any`` raises FieldErrors before any write."""

    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(str(message))

    def raise_if_any(self) -> None:
        if self:
            raise FieldErrors(dict(self))


def lock_case(actor: User, case_id: int, *, allow_closed: bool = False) -> EnforcementCase:
    """Lock the case row (every dossier write locks the case first, so writes to one case queue
    in one order and totals stay consistent) and check the actor may work it."""
    case = EnforcementCase.objects.select_for_update(of=("self",)).select_related("court").get(pk=case_id)
    if not access.can_work_case(actor, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can change this case."))
    if case.status == CaseStatus.CLOSED and not allow_closed:
        raise IllegalTransition(
            _("Case %(number)s is closed: it can no longer be changed.") % {"number": case.case_number},
            current_status=case.status,
        )
    return case


def ensure_started(actor: User, case: EnforcementCase) -> None:
    """The first dossier action on a registered case starts enforcement (registered → in progress)."""
    from cases.services import _with_actor, case_event_record

    if case.status != CaseStatus.REGISTERED:
        return
    case.start()
    _with_actor(case, actor, _("Enforcement started"))
    case.save()
    case_event_record(
        case=case, kind=EventKind.STATUS_CHANGED, actor=actor,
        description=_("Status: %(old)s → %(new)s") % {"old": CaseStatus.REGISTERED.label, "new": case.get_status_display()},
        data={"transition": "start", "from": CaseStatus.REGISTERED, "to": case.status},
    )


def check_date(errors: Errors, name: str, value, case: EnforcementCase | None = None, *, required: bool = True,
               not_before_filing: bool = True) -> dt.date | None:
    """A date on which something happened: not in the future, not before the case was filed."""
    if value in (None, ""):
        if required:
            errors.add(name, _("Enter the date."))
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            errors.add(name, _("Enter a date as YYYY-MM-DD."))
            return None
    if value > timezone.localdate():
        errors.add(name, _("The date cannot be in the future."))
    elif case is not None and not_before_filing and value < case.filed_on:
        errors.add(name, _("The date cannot be before the case was filed (%(date)s).") % {"date": case.filed_on.isoformat()})
    return value


def check_money(errors: Errors, name: str, value, *, required: bool = True, positive: bool = True) -> Decimal | None:
    from cases.services import parse_money

    if value in (None, "") and not required:
        return None
    try:
        amount = parse_money(value)
    except ValueError as exc:
        errors.add(name, str(exc))
        return None
    if positive and amount <= 0:
        errors.add(name, _("The amount must be more than zero."))
        return None
    return amount


def check_text(errors: Errors, name: str, value, *, max_length: int, required: bool = False,
               message: str | None = None) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.add(name, message or _("This field is required."))
    elif len(text) > max_length:
        errors.add(name, _("Too long (at most %(n)d characters).") % {"n": max_length})
    return text


def check_choice(errors: Errors, name: str, value, choices, message: str | None = None) -> str:
    if value not in choices:
        errors.add(name, message or _("Choose a valid option."))
    return value

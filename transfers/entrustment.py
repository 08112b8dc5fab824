"""委托执行 (事项委托, 执协, DESIGN.md §8.5): a court asks another court to perform specific acts for a
case — query assets, seal or freeze, locate a person, serve a document — and reply by a deadline.
The case stays with the entrusting court; the entrusted court sees the case (courts.access hook)
and its inbox, and replies with what it did. Overdue requests are flagged once, on both sides."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.dossier_common import Errors, check_text
from cases.models import EnforcementCase, EventKind
from cases.services import _RECORDED_AT, case_event_record
from courts import access
from courts.models import Court, CourtLevel, Role, User
from enforcement.errors import IllegalTransition
from transfers.models import EntrustedAct, Entrustment, EntrustmentStatus

REPLY_ROLES = {Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF}
# Courts that perform enforcement acts for other courts: the basic and the intermediate courts.
ENTRUSTABLE_LEVELS = (CourtLevel.BASIC, CourtLevel.INTERMEDIATE)


def entrustable_courts(case: EnforcementCase):
    return (Court.objects.filter(is_active=True, level__in=ENTRUSTABLE_LEVELS).exclude(pk=case.court_id)
            .order_by("province_abbr", "code", "name"))


# The longest reply period a court may set; the usual practice is 15–30 days.
MAX_DAYS = 90


def can_reply(user: User, entrustment: Entrustment) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == entrustment.to_court_id and user.role in REPLY_ROLES


def _acts_label(acts: list[str]) -> str:
    return "、".join(str(EntrustedAct(a).label) for a in acts if a in EntrustedAct.values)


@transaction.atomic
def entrustment_create(*, actor: User, case_id: int, to_court_id: int | None, acts: list[str], details: str,
                       deadline: dt.date | None) -> Entrustment:
    case = EnforcementCase.objects.select_for_update(of=("self",)).select_related("court").get(pk=case_id)
    if not access.can_work_case(actor, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can entrust acts."))
    errors = Errors()
    if not case.is_open:
        errors.add("case", _("The case is closed."))
    to_court = (Court.objects.filter(pk=to_court_id, is_active=True, level__in=ENTRUSTABLE_LEVELS).first()
                if to_court_id else None)
    if to_court is None:
        errors.add("to_court", _("Choose the basic or intermediate court to entrust."))
    elif to_court.pk == case.court_id:
        errors.add("to_court", _("A court does not entrust acts to itself."))
    acts = list(dict.fromkeys(acts or []))
    if not acts:
        errors.add("acts", _("Choose at least one act."))
    elif any(a not in EntrustedAct.values for a in acts):
        errors.add("acts", _("Unknown act."))
    details = check_text(errors, "details", details, max_length=2000, required=True,
                         message=_("Describe what the other court should do (accounts, addresses, persons, documents)."))
    # "Today" of the request: now, or the day being recorded (demo data, legacy import; cases.services.recorded_at).
    today = timezone.localdate(_RECORDED_AT.get() or timezone.now())
    if deadline is None:
        errors.add("deadline", _("Set the reply deadline."))
    elif deadline <= today:
        errors.add("deadline", _("The deadline must be after today."))
    elif deadline > today + dt.timedelta(days=MAX_DAYS):
        errors.add("deadline", _("At most %(n)d days ahead.") % {"n": MAX_DAYS})
    errors.raise_if_any()
    at = _RECORDED_AT.get() or timezone.now()
    entrustment = Entrustment(case=case, from_court=case.court, to_court=to_court, acts=acts, details=details,
                              deadline=deadline, requested_by=actor, created_at=at)
    entrustment._history_user = actor
    entrustment.save()
    case_event_record(case=case, kind=EventKind.ENTRUSTMENT, actor=actor, occurred_at=at,
                      description=_("Entrusted to %(court)s: %(acts)s, reply by %(deadline)s")
                      % {"court": to_court.name, "acts": _acts_label(acts), "deadline": deadline.isoformat()},
                      data={"entrustment": entrustment.pk, "action": "sent"})
    return entrustment


@transaction.atomic
def entrustment_reply(*, actor: User, entrustment_id: int, reply: str, results: list[dict] | None = None) -> Entrustment:
    """The entrusted court reports what it did, act by act (``results``: ``{"act", "done", "result"}``)."""
    entrustment = Entrustment.objects.select_for_update(of=("self",)).select_related("case", "to_court").get(pk=entrustment_id)
    if not can_reply(actor, entrustment):
        raise PermissionDenied(_("Only the judges and the bureau chief of the entrusted court reply."))
    if entrustment.status != EntrustmentStatus.SENT:
        raise IllegalTransition(_("This entrustment is already %(status)s.") % {"status": entrustment.get_status_display()},
                                current_status=entrustment.status)
    errors = Errors()
    reply = check_text(errors, "reply", reply, max_length=4000, required=True, message=_("Write the reply."))
    clean_results, item_errors = [], []
    for item in results or []:
        item = item if isinstance(item, dict) else {}
        act, text = item.get("act"), str(item.get("result") or "").strip()
        problems: dict[str, list[str]] = {}
        if act not in entrustment.acts:
            problems["act"] = [_("Not one of the acts requested.")]
        if len(text) > 1000:
            problems["result"] = [_("Too long (at most 1000 characters).")]
        item_errors.append(problems)
        clean_results.append({"act": act, "done": bool(item.get("done")), "result": text})
    if any(item_errors):
        errors["results"] = item_errors  # one entry per item, like the input
    errors.raise_if_any()
    at = _RECORDED_AT.get() or timezone.now()
    entrustment.status, entrustment.reply, entrustment.results = EntrustmentStatus.REPLIED, reply, clean_results
    entrustment.replied_by, entrustment.replied_at = actor, at
    entrustment._history_user = actor
    entrustment.save()
    late = timezone.localdate(at) > entrustment.deadline
    case_event_record(case=entrustment.case, kind=EventKind.ENTRUSTMENT, actor=actor, occurred_at=at,
                      description=(_("%(court)s replied to the entrustment (after the deadline %(deadline)s): %(reply)s") if late
                                   else _("%(court)s replied to the entrustment: %(reply)s"))
                      % {"court": entrustment.to_court.name, "deadline": entrustment.deadline.isoformat(), "reply": reply[:300]},
                      data={"entrustment": entrustment.pk, "action": "replied", "late": late})
    return entrustment


@transaction.atomic
def entrustment_cancel(*, actor: User, entrustment_id: int, reason: str) -> Entrustment:
    entrustment = Entrustment.objects.select_for_update(of=("self",)).select_related("case", "to_court").get(pk=entrustment_id)
    if not access.can_work_case(actor, entrustment.case):
        raise PermissionDenied(_("Only the entrusting court's judges on the case can withdraw it."))
    if entrustment.status != EntrustmentStatus.SENT:
        raise IllegalTransition(_("This entrustment is already %(status)s.") % {"status": entrustment.get_status_display()},
                                current_status=entrustment.status)
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State the reason."))
    errors.raise_if_any()
    entrustment.status, entrustment.cancel_reason = EntrustmentStatus.CANCELLED, reason
    entrustment._history_user = actor
    entrustment.save()
    case_event_record(case=entrustment.case, kind=EventKind.ENTRUSTMENT, actor=actor, reason=reason,
                      description=_("Entrustment to %(court)s withdrawn") % {"court": entrustment.to_court.name},
                      data={"entrustment": entrustment.pk, "action": "cancelled"})
    return entrustment


def entrustments_flag_overdue(*, today: dt.date | None = None) -> int:
    """Daily: flag each entrustment whose deadline passed without a reply, once, on the case's timeline
    (the entrusting court) — both inboxes show it as overdue. Returns how many were flagged."""
    today = today or timezone.localdate()
    flagged = 0
    for pk in list(Entrustment.objects.filter(status=EntrustmentStatus.SENT, deadline__lt=today,
                                              overdue_flagged_at__isnull=True).values_list("pk", flat=True)):
        with transaction.atomic():
            entrustment = (Entrustment.objects.select_for_update(of=("self",)).select_related("case", "to_court")
                           .filter(pk=pk, status=EntrustmentStatus.SENT, overdue_flagged_at__isnull=True).first())
            if entrustment is None:
                continue
            entrustment.overdue_flagged_at = timezone.now()
            entrustment.save(update_fields=["overdue_flagged_at"])
            case_event_record(case=entrustment.case, kind=EventKind.ENTRUSTMENT, actor=None,
                              description=_("Entrustment to %(court)s overdue: no reply by %(deadline)s")
                              % {"court": entrustment.to_court.name, "deadline": entrustment.deadline.isoformat()},
                              data={"entrustment": entrustment.pk, "action": "overdue"})
            flagged += 1
    return flagged

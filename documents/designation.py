"""The 指定执行决定书 (or 提级执行) for a case: read from the upper court's decision on its designation
request (transfers.models.DesignationRequest). Either case may hold the document — the original one
(closed as transferred) or the receiving court's new case."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import EnforcementCase
from documents.chinese import date_in_words
from enforcement.errors import FieldErrors


def designation_for(case: EnforcementCase):
    """The decided (elevated or designated) request of ``case``, as original or as new case."""
    from transfers.models import DesignationRequest, RequestStatus

    request = (DesignationRequest.objects
               .filter(Q(case=case) | Q(new_case=case), status__in=[RequestStatus.ELEVATED, RequestStatus.DESIGNATED])
               .select_related("case__court", "upper_court", "target_court", "new_case", "from_court")
               .order_by("-decided_at", "-pk").first())
    if request is None or request.new_case is None:
        raise FieldErrors({"kind": [_("No decision to elevate or designate this case (提级执行 / 指定执行) has been made.")]})
    return request


def _sentence(text: str) -> str:
    text = " ".join((text or "").split()).rstrip("。；;，,.")
    return f"{text}。" if text else ""


def designation_content(case: EnforcementCase) -> dict:
    from transfers.models import RequestStatus

    request = designation_for(case)
    original, elevated = request.case, request.status == RequestStatus.ELEVATED
    receiving = request.upper_court.name if elevated else request.target_court.name
    reason = " ".join(request.reason.split()).rstrip("。；;，,.")
    if reason and not reason.startswith("因"):
        reason = f"因{reason}"
    decision_reason = _sentence(request.decision_reason) or (
        f"为依法保障申请执行人的合法权益，排除可能存在的干扰，提高执行效率，本案宜由{'本院' if elevated else receiving}执行。")
    copies = [original.court.name] + ([] if elevated else [receiving]) + ["申请执行人", "被执行人"]
    decided_on = timezone.localdate(request.decided_at) if request.decided_at else timezone.localdate()
    return {
        "court_name": request.upper_court.name,
        "upper_court_name": request.upper_court.name,
        "case_number": original.case_number,
        "new_case_number": request.new_case.case_number,
        "from_court": original.court.name,
        "target_court": receiving,
        "receiving_court": "本院" if elevated else receiving,
        "elevated": elevated,
        "request_reason": f"{reason}，" if reason else "",
        "decision_reason": decision_reason,
        "copies_to": "、".join(copies),
        "date": date_in_words(decided_on),
        "date_iso": decided_on.isoformat(),
        "designation_request": request.pk,
    }


def may_generate_designation(user, case: EnforcementCase) -> bool:
    """Besides the staff of the case's court: the upper court's officers who decide its requests."""
    from transfers.designation import can_decide

    try:
        request = designation_for(case)
    except FieldErrors:
        return False
    return can_decide(user, request.upper_court)

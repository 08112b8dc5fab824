"""The 指定执行决定书 (or 提级执行) for a case: read from the upper court's decision on its designation
request (transfers.models.DesignationRequest). Either case may hold the document — the original one
(closed as transferred) or the receiving court's new case.

The wording is the document's, written from the request's data: why the case came before the upper court
(the ladder's days without substantive progress, the requesting bureau chief's reason, the upper court
acting of its own motion, or a concentration of cases against one respondent), the decision and its legal
basis. The system's own labels (e.g. an escalation rule's name) never reach the page.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.case_numbers import format_case_number
from cases.models import EnforcementCase
from documents.chinese import date_in_words
from documents.content import free_text_clause
from enforcement.errors import FieldErrors

# The legal basis of a change of executing court by the upper court: CPL (2023) art. 237 (上一级人民法院 …
# 可以决定由本院执行或者指令其他人民法院执行), the SPC's provisions on enforcement work (上级法院对下级法院长期未能执结的
# 案件可以决定由本院执行或者指定本辖区其他法院执行) and its guiding opinion on cross execution (2024). Instruments
# whose article numbers changed with their amendments are cited without one rather than with a wrong one.
LEGAL_BASIS = ("《中华人民共和国民事诉讼法》第二百三十七条、《最高人民法院关于人民法院执行工作若干问题的规定（试行）》、"
               "《最高人民法院关于交叉执行工作的指导意见》")
CLOSING_RULES = "《最高人民法院关于执行案件立案、结案若干问题的意见》"
# The decision's own number: the upper court's "执他" (other enforcement matters) sequence of the year.
DECISION_TYPE_CODE = "执他"


def decided_request(case: EnforcementCase):
    """The decided (elevated or designated) request of ``case``, as original or as new case; None if none."""
    from transfers.models import DesignationRequest, RequestStatus

    return (DesignationRequest.objects
            .filter(Q(case=case) | Q(new_case=case), status__in=[RequestStatus.ELEVATED, RequestStatus.DESIGNATED],
                    new_case__isnull=False)
            .select_related("case__court", "upper_court", "target_court", "new_case", "from_court",
                            "concentration__respondent")
            .order_by("-decided_at", "-pk").first())


def designation_for(case: EnforcementCase):
    request = decided_request(case)
    if request is None:
        raise FieldErrors({"kind": [_("No decision to elevate or designate this case (提级执行 / 指定执行) has been made.")]})
    return request


def decision_number(request) -> str:
    """（2026）冀01执他3号: the request's place among the upper court's decisions to elevate or designate in
    the year it decided (by time of decision, then id). Derived, not drawn from a counter, so every version of
    the document — and both of its files — print the same number; nothing else in the system numbers 执他
    matters, so it collides with no case number."""
    from transfers.models import DesignationRequest, RequestStatus

    upper = request.upper_court
    decided_at = request.decided_at or timezone.now()
    year = timezone.localdate(decided_at).year
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    before = (DesignationRequest.objects
              .filter(upper_court=upper, status__in=[RequestStatus.ELEVATED, RequestStatus.DESIGNATED],
                      decided_at__gte=start, decided_at__lte=decided_at)
              .filter(Q(decided_at__lt=decided_at) | Q(pk__lte=request.pk)).count())
    return format_case_number(year, upper.province_abbr, upper.code, DECISION_TYPE_CODE, max(before, 1))


def _ladder_step(request):
    from transfers.models import EscalationStep

    return (EscalationStep.objects.filter(case_id=request.case_id, decision__request=request.pk)
            .order_by("-occurred_at", "-pk").first())


def request_facts(request) -> str:
    """How the case came before the upper court, in the document's words (one or two sentences)."""
    from transfers.models import EscalationRule, RequestSource

    if request.concentration_id:
        respondent = request.concentration.respondent.name
        return f"本院依职权对被执行人{respondent}在本院辖区内的未结执行案件进行审查，决定实行集中执行。"
    if request.source == RequestSource.LADDER:
        step = _ladder_step(request)
        days = step.days_without_progress if step is not None else None
        stalled = f"连续{days}日未取得实质性进展" if days else "长期未取得实质性进展"
        after = "经该院内部交叉执行，仍" if step is not None and step.level_from >= 1 else ""
        text = f"原执行法院立案执行后，{after}{stalled}"
        if step is not None and step.rule == EscalationRule.DIRECT_UPPER:
            because = (step.decision or {}).get("direct_because") or []
            circumstances = [words for key, words in (("special_subject", "被执行人系国家机关等特殊主体"),
                                                      ("interference_risk", "案件存在受到不当干预的风险")) if key in because]
            if circumstances:
                text += "，且" + "、".join(circumstances)
        return f"{text}，报请本院提级执行或者指定执行。"
    reason = free_text_clause(request.reason)
    if request.source == RequestSource.UPPER_COURT:
        return "本院依职权对该案进行审查" + (f"，事由为：{reason}。" if reason else "。")
    return "该院报请本院提级执行或者指定执行" + (f"，理由为：{reason}。" if reason else "。")


def designation_content(case: EnforcementCase) -> dict:
    from transfers.models import RequestStatus

    request = designation_for(case)
    original, elevated = request.case, request.status == RequestStatus.ELEVATED
    receiving = "本院" if elevated else request.target_court.name
    decision_reason = free_text_clause(request.decision_reason)
    if request.concentration_id or decision_reason == free_text_clause(request.reason):
        decision_reason = ""  # said already in the facts
    opinion = (f"本院认为，{decision_reason}。" if decision_reason else
               f"本院认为，为依法保障申请执行人的合法权益，排除执行中可能存在的干扰，提高执行效率，该案由{receiving}执行为宜。")
    if elevated:
        ruling = f"{original.case_number}一案由本院执行（本院执行案号：{request.new_case.case_number}）"
    else:
        ruling = (f"指定{receiving}执行{original.case_number}一案"
                  f"（{receiving}执行案号：{request.new_case.case_number}）")
    copies = [original.court.name] + ([] if elevated else [receiving]) + ["申请执行人", "被执行人"]
    decided_on = timezone.localdate(request.decided_at) if request.decided_at else timezone.localdate()
    return {
        "court_name": request.upper_court.name,
        "upper_court_name": request.upper_court.name,
        "decision_number": decision_number(request),
        "case_number": original.case_number,
        "new_case_number": request.new_case.case_number,
        "from_court": original.court.name,
        "target_court": request.upper_court.name if elevated else receiving,
        "receiving_court": receiving,
        "elevated": elevated,
        "request_facts": request_facts(request),
        "opinion": opinion,
        "legal_basis": LEGAL_BASIS,
        "decision_items": [
            f"一、{ruling}；",
            f"二、{original.court.name}已采取的查封、扣押、冻结等控制措施继续有效，由{receiving}接续办理；"
            f"{original.court.name}应当将执行案卷材料移送{receiving}，并依照{CLOSING_RULES}的规定办理结案手续。",
        ],
        "copies_to": "、".join(copies),
        "date": date_in_words(decided_on),
        "date_iso": decided_on.isoformat(),
        "designation_request": request.pk,
    }

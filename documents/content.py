"""What goes into each document: the case's data, read once and written out as plain strings and lists
(the snapshot stored with the generated document, and the context of both its DOCX and its PDF).

Court documents are issued in Chinese whatever the reader's UI language, so the wording here (and in
the templates) is Chinese, and the labels of the case's choices are read under the Chinese locale.
Layout and wording of each document live in its templates (documents/templates_docx/*.docx for DOCX,
templates/documents/pdf/*.html for PDF); this module only gathers the facts.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import translation
from django.utils.translation import gettext as _

from cases.closure import TerminationFacts, live_controls, termination_checklist
from cases.models import (
    CaseEvent,
    CaseParty,
    ClosureType,
    CoerciveMeasure,
    EnforcementCase,
    EventKind,
    IdType,
    Investigation,
    InvestigationResult,
    InvestigationTier,
    MeasureKind,
    PartyKind,
    PartyRole,
    ProcedureKind,
    ProcedureStep,
)
from courts.models import TeamMembership, TeamRole, User
from documents import interest
from documents.chinese import amount_in_capitals, date_cn, date_in_words, grouped, person_from_resident_id
from documents.models import DocumentKind
from enforcement.errors import FieldErrors

TITLES = {
    DocumentKind.ENFORCEMENT_NOTICE: "执行通知书",
    DocumentKind.ASSET_REPORT_ORDER: "报告财产令",
    DocumentKind.CONSUMPTION_RESTRICTION: "限制消费令",
    DocumentKind.TERMINATION_RULING: "执行裁定书",
    DocumentKind.DESIGNATION_DECISION: "执行决定书",
    DocumentKind.INTEREST_STATEMENT: "迟延履行期间的债务利息计算表",
}
# The document's name as people call it (file names, the timeline): 终本裁定书, 指定执行决定书 …
SHORT_NAMES = {
    **TITLES,
    DocumentKind.TERMINATION_RULING: "终结本次执行程序裁定书",
    DocumentKind.DESIGNATION_DECISION: "指定执行决定书",
}

TERM_NAMES = {
    interest.TERM_6M: "六个月以内（含六个月）",
    interest.TERM_1Y: "六个月至一年（含一年）",
    interest.TERM_3Y: "一至三年（含三年）",
    interest.TERM_5Y: "三至五年（含五年）",
    interest.TERM_OVER_5Y: "五年以上",
}
PAYMENT_RULE_NAMES = {
    interest.ON_TIME: "履行期限内支付，冲减本金",
    interest.PROPORTIONAL: "本息按比例清偿",
    interest.PRINCIPAL_FIRST: "先本金后利息",
    interest.INTEREST_FIRST: "先利息后本金（当事人约定）",
}
ALLOCATION_NAMES = {
    interest.STATUTORY: "法定顺序（2014年8月1日前本息按比例清偿，此后先本金后利息）",
    interest.PRINCIPAL_FIRST: "当事人约定：先本金后利息",
    interest.INTEREST_FIRST: "当事人约定：先利息后本金",
}
INTEREST_CONVENTIONS = [
    "2014年8月1日起：加倍部分债务利息＝尚未清偿的生效法律文书确定的除一般债务利息之外的金钱债务×日万分之一点七五×迟延履行期间"
    "（《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》第一条）。",
    "2014年8月1日前：按中国人民银行同期贷款基准利率的二倍计算（《最高人民法院关于在执行工作中如何计算迟延履行期间的债务利息等问题的批复》），"
    "日利率＝年利率÷360，基准利率随中国人民银行历次调整分段适用；“同期”按整个迟延履行期间的长度确定档次。",
    "迟延履行期间自履行期限届满之次日起计算至实际履行之日；每段起止日均计入天数；当日付款于当日终了时冲抵，履行期限届满当日付款不计迟延。",
    "2014年8月1日前的付款按本息比例清偿；此后的付款先清偿本金，再清偿加倍部分债务利息，当事人另有约定的除外。",
    "每段利息按精确值计算，于该段终了时四舍五入至分；本表不含生效法律文书确定的一般债务利息。",
]
INVESTIGATION_RESULTS = {
    InvestigationResult.FOUND: "发现财产",
    InvestigationResult.NONE: "未发现可供执行的财产",
    InvestigationResult.PENDING: "尚未核查",
}
MEASURE_SENTENCES = {
    MeasureKind.CONSUMPTION_RESTRICTION: "{date}向{name}发出限制消费令",
    MeasureKind.BLACKLIST: "{date}将{name}纳入失信被执行人名单",
    MeasureKind.FINE: "{date}对{name}罚款{amount}元",
    MeasureKind.DETENTION: "{date}对{name}司法拘留",
    MeasureKind.CRIMINAL_REFERRAL: "{date}将{name}涉嫌拒不执行判决、裁定罪的线索移送公安机关",
}
TIER_NAMES = {InvestigationTier.MANDATORY: "网络查控", InvestigationTier.LEAD: "申请执行人提供线索", InvestigationTier.EXTENDED: "扩展调查"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


_YUAN_SIGN = re.compile(r"[¥￥]\s*(\d[\d,]*(?:\.\d+)?)(\s*元)?")


def plain_amounts(text: str) -> str:
    """Amounts in a court document are written 279.52元, never ¥279.52 (free text typed by the judge,
    e.g. why assets cannot be disposed of, may carry the UI's ¥)."""
    return _YUAN_SIGN.sub(lambda m: f"{m.group(1)}元", text or "")


def free_text_clause(text: str) -> str:
    """Free text as one clause: whitespace collapsed, amounts as 元, no closing punctuation."""
    return plain_amounts(" ".join((text or "").split())).rstrip("。；;，,.、 ")


def _sentence(text: str) -> str:
    """Free text as a sentence of its own, closed by 。 (empty for no text)."""
    clause = free_text_clause(text)
    return f"{clause}。" if clause else ""


# How a document names a party's identifier (the form's labels, e.g. "组织机构代码（2015年前）", are not for print).
ID_LABELS = {
    IdType.RESIDENT_ID: "公民身份号码",
    IdType.CREDIT_CODE: "统一社会信用代码",
    IdType.ORGANISATION_CODE: "组织机构代码",
    IdType.BUSINESS_REGISTRATION: "工商注册号",
    IdType.PASSPORT: "护照号码",
    IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证号码",
    IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证号码",
    IdType.FOREIGN_RESIDENCE: "外国人永久居留身份证号码",
    IdType.OTHER: "证件号码",
}


def identifier_text(id_type: str, number: str) -> str:
    """统一社会信用代码：91130129…; an organisation code with its hyphen before the check character
    (GB 11714: 10520314-6), as printed on the code certificate."""
    if not number or id_type == IdType.NONE:
        return ""
    if id_type == IdType.ORGANISATION_CODE and len(number) == 9 and "-" not in number:
        number = f"{number[:8]}-{number[8]}"
    return f"{ID_LABELS.get(id_type, '证件号码')}：{number}"


def _party(link: CaseParty) -> dict:
    """A party as the documents name it: the line after "申请执行人：" / "被执行人："."""
    party = link.party
    bits = [party.name]
    is_person = party.kind == PartyKind.PERSON
    identifier = identifier_text(party.id_type, party.id_number)
    if is_person:
        known = person_from_resident_id(party.id_number) if party.id_type == IdType.RESIDENT_ID else None
        if known:
            bits += [known[0], f"{date_cn(known[1])}出生"]
        if identifier:
            bits.append(identifier)
        if party.address:
            bits.append(f"住{party.address}")
    else:
        if party.address:
            bits.append(f"住所地{party.address}")
        if identifier:
            bits.append(identifier)
    line = "，".join(bits) + "。"
    representative = party.legal_representative if not is_person else ""
    return {"name": party.name, "is_person": is_person, "line": line, "legal_representative": representative,
            "cap": grouped(link.liability_cap) if link.liability_cap is not None else ""}


def addressee_words(respondents: list[dict]) -> dict:
    """How a notice or order speaks to the respondents: 你 (a person), 你单位 (an organisation or a state
    organ), 你们 (several); and whom it threatens with a fine or detention for not declaring assets — an
    organisation's principal officers as well (《最高人民法院关于民事执行中财产调查若干问题的规定》)."""
    organisations = sum(1 for p in respondents if not p["is_person"])
    if len(respondents) > 1:
        you = "你们"
        sanctioned = "你们或者被执行人单位的主要负责人、直接责任人员" if organisations else "你们"
    elif organisations:
        you, sanctioned = "你单位", "你单位或者你单位的主要负责人、直接责任人员"
    else:
        you = sanctioned = "你"
    return {"you": you, "sanction_target": sanctioned}


def _clerk_name(case: EnforcementCase) -> str:
    if not case.team_id:
        return ""
    membership = (TeamMembership.objects.filter(team_id=case.team_id, role=TeamRole.CLERK, is_active=True)
                  .select_related("user").order_by("pk").first())
    return membership.user.display_name if membership else ""


def common(case: EnforcementCase, *, today: dt.date) -> dict:
    """What every document of a case shows: court, number, parties, basis, amounts, handler, date."""
    links = list(CaseParty.objects.filter(case=case).select_related("party").order_by("role", "position", "pk"))
    applicants = [_party(link) for link in links if link.role == PartyRole.APPLICANT]
    respondents = [_party(link) for link in links if link.role == PartyRole.RESPONDENT]
    basis = case.basis
    handler: User | None = case.handler
    delay_from = (basis.performance_deadline or basis.effective_date) + dt.timedelta(days=1)
    return {
        "court_name": case.court.name,
        "case_number": case.case_number,
        "cause": case.cause_label,
        "filed_on": date_cn(case.filed_on),
        "applicants": applicants,
        "respondents": respondents,
        "applicant_names": "、".join(p["name"] for p in applicants),
        "respondent_names": "、".join(p["name"] for p in respondents),
        "respondents_include_organisation": any(not p["is_person"] for p in respondents),
        **addressee_words(respondents),
        "basis": {
            "document_number": basis.document_number,
            "document_type": basis.get_document_type_display(),
            "issuing_court": basis.issuing_court,
            "effective_date": date_cn(basis.effective_date),
            "performance_deadline": date_cn(basis.performance_deadline),
            "principal": grouped(basis.principal_amount) if basis.principal_amount is not None else "",
            "obligations_lines": _lines(basis.obligations),
        },
        "delay_from": date_cn(delay_from),
        "has_money": case.target_amount > 0,
        "target_amount": grouped(case.target_amount),
        "target_amount_capitals": amount_in_capitals(case.target_amount),
        "recovered_amount": grouped(case.recovered_amount),
        "outstanding_amount": grouped(case.outstanding_amount),
        "non_monetary_lines": _lines(case.non_monetary_obligations),
        "handler": handler.display_name if handler else "",
        "handler_phone": handler.phone if handler else "",
        "clerk": _clerk_name(case),
        "date": date_in_words(today),
        "date_iso": today.isoformat(),
    }


# --- the documents ----------------------------------------------------------------------------------
def _served_on(case: EnforcementCase, kind: str) -> str:
    """The dates a procedural step (e.g. the enforcement notice served) was recorded, 2026年3月5日、…"""
    days = ProcedureStep.objects.filter(case=case, kind=kind).order_by("done_on", "pk").values_list("done_on", flat=True)
    return "、".join(dict.fromkeys(date_cn(day) for day in days))


def _consumption_restriction(case: EnforcementCase, data: dict) -> dict:
    issued = (CoerciveMeasure.objects.filter(case=case, kind=MeasureKind.CONSUMPTION_RESTRICTION)
              .order_by("-issued_on", "-pk").values_list("issued_on", flat=True).first())
    data["measure_issued_on"] = date_cn(issued)
    # A consumption restriction follows a failure to perform after notice (ensure_possible checked it was served).
    data["notice_served_on"] = _served_on(case, ProcedureKind.ENFORCEMENT_NOTICE)
    return data


def _termination_facts(case: EnforcementCase) -> TerminationFacts | None:
    """The facts the judge stated when closing the case as 终本 (stored on the closure event)."""
    event = (CaseEvent.objects.filter(case=case, kind=EventKind.CLOSED).order_by("-occurred_at", "-pk")
             .values_list("data", flat=True).first())
    facts = (event or {}).get("facts")
    return TerminationFacts(**{k: v for k, v in facts.items() if k in TerminationFacts.__dataclass_fields__}) if facts else None


def termination_conditions(*, blacklisted: bool, not_listed_reason: str, assets_found: bool, whereabouts_unknown: bool,
                           sanction_kinds: set[str], obstruction: bool) -> list[str]:
    """The conditions of 终本 (SPC 2016 provisions, art. 1; DESIGN.md §7) as this case met them, each said only
    as far as the dossier records it: the listing or why the respondent was not listed; the search only when
    the whereabouts were unknown; sanctions only when obstruction was recorded or a fine or detention exists.
    Numbered, "；" between them and "。" after the last."""
    items = ["已向被执行人发出执行通知书，并责令被执行人报告财产"]
    restriction = "已对被执行人采取限制消费措施"
    if blacklisted:
        restriction += "，并将被执行人纳入失信被执行人名单"
    if not_listed_reason:
        restriction += f"；{'部分' if blacklisted else ''}被执行人未被纳入失信被执行人名单，理由是：{not_listed_reason}"
    items.append(restriction)
    items.append("已穷尽财产调查措施，" + ("发现的财产暂不能处置" if assets_found else "未发现被执行人有可供执行的财产")
                 + "，申请执行人亦未能提供其他可供执行的财产线索")
    items.append("自立案之日起已超过三个月")
    conduct = []
    if whereabouts_unknown:
        conduct.append("被执行人下落不明，已依法予以查找")
    punished = [name for kind, name in ((MeasureKind.FINE, "罚款"), (MeasureKind.DETENTION, "司法拘留")) if kind in sanction_kinds]
    if punished:
        conduct.append(f"对妨害执行的行为已依法予以{'、'.join(punished)}")
    elif obstruction:
        conduct.append("对妨害执行的行为已依法予以处罚")
    if MeasureKind.CRIMINAL_REFERRAL in sanction_kinds:
        conduct.append("涉嫌拒不执行判决、裁定罪的线索已移送公安机关")
    if conduct:
        items.append("，".join(conduct))
    items.append("已约谈申请执行人，告知本案执行情况、财产调查情况及终结本次执行程序的依据和法律后果，并听取其意见")
    return [f"{n}．{text}{'。' if n == len(items) else '；'}" for n, text in enumerate(items, start=1)]


def _termination_ruling(case: EnforcementCase, data: dict, *, today: dt.date) -> dict:
    """要素式终本裁定书: every element of DESIGN.md §7 with the dossier's record of it. Allowed once the case
    is closed as 终本 — then dated the day it was closed — or while open when the checklist is complete
    (the ruling is drafted before closing, dated the day it is drafted)."""
    closed_as_termination = case.closure_type == ClosureType.TERMINATED_ROUND
    facts = (_termination_facts(case) if closed_as_termination else None) or TerminationFacts()
    steps = list(ProcedureStep.objects.filter(case=case).order_by("done_on", "pk"))

    def step_dates(kind: str) -> str:
        return "、".join(dict.fromkeys(date_cn(s.done_on) for s in steps if s.kind == kind))

    informed = [s for s in steps if s.kind == ProcedureKind.APPLICANT_INFORMED and s.applicant_opinion.strip()]
    measures = list(CoerciveMeasure.objects.filter(case=case).select_related("respondent").order_by("issued_on", "pk"))

    def measure_lines(kinds: tuple[str, ...]) -> list[str]:
        return [MEASURE_SENTENCES.get(m.kind, "{date}对{name}采取{measure}").format(
                    date=date_cn(m.issued_on), name=m.respondent.name, measure=m.get_kind_display(),
                    amount=grouped(m.amount) if m.amount is not None else "")
                + (f"，已于{date_cn(m.lifted_on)}解除" if m.lifted_on else "") for m in measures if m.kind in kinds]

    tier_order = {InvestigationTier.MANDATORY: 0, InvestigationTier.LEAD: 1, InvestigationTier.EXTENDED: 2}
    items = sorted(Investigation.objects.filter(case=case).select_related("respondent"),
                   key=lambda i: (tier_order.get(i.tier, 3), i.queried_on or dt.date.max, i.pk))
    investigations = [{
        "number": n, "item": i.get_category_display(), "tier": TIER_NAMES.get(i.tier, ""),
        "respondent": i.respondent.name if i.respondent else data["respondent_names"],
        "date": date_cn(i.queried_on), "result": INVESTIGATION_RESULTS.get(i.result, i.result),
        "details": plain_amounts(" ".join(_lines(i.details))) + (f"（金额{grouped(i.found_amount)}元）" if i.found_amount else ""),
    } for n, i in enumerate(items, start=1)]
    controls = [f"{c.get_kind_display()}：{plain_amounts(c.asset)}" + (f"，期限至{date_cn(c.expires_on)}" if c.expires_on else "")
                for c in live_controls(case, today).order_by("started_on", "pk")]
    blacklistings = measure_lines((MeasureKind.BLACKLIST,))
    not_listed_reason = free_text_clause(facts.blacklist_not_applicable_reason)
    sanction_kinds = {m.kind for m in measures}
    # What was found, or is held under a control, but cannot be disposed of (the checklist asks for the reason then).
    assets_found = any(i.result == InvestigationResult.FOUND for i in items) or bool(controls)
    data.update({
        "notice_served_on": step_dates(ProcedureKind.ENFORCEMENT_NOTICE),
        "report_order_served_on": step_dates(ProcedureKind.ASSET_REPORT_ORDER),
        "respondent_search_on": step_dates(ProcedureKind.RESPONDENT_SEARCH),
        "consumption_restrictions": measure_lines((MeasureKind.CONSUMPTION_RESTRICTION,)),
        "blacklistings": blacklistings,
        "blacklist_not_applicable_reason": not_listed_reason,
        "sanctions": measure_lines((MeasureKind.FINE, MeasureKind.DETENTION, MeasureKind.CRIMINAL_REFERRAL)),
        "whereabouts_unknown": bool(facts.whereabouts_unknown),
        "obstruction": bool(facts.obstruction),
        "investigations": investigations,
        "assets_found": assets_found,
        "controls": controls,
        # The judge's own words, a sentence of their own after the finding that the assets cannot be disposed of.
        "undisposable_reason": _sentence(facts.undisposable_reason) if assets_found else "",
        "applicant_informed": [{"date": date_cn(s.done_on), "opinion": _sentence(" ".join(_lines(s.applicant_opinion)))}
                               for s in informed],
        "conditions": termination_conditions(
            blacklisted=bool(blacklistings), not_listed_reason=not_listed_reason, assets_found=assets_found,
            whereabouts_unknown=bool(facts.whereabouts_unknown), sanction_kinds=sanction_kinds,
            obstruction=bool(facts.obstruction)),
        "closed_on": date_cn(case.closed_on) if closed_as_termination else "",
    })
    if closed_as_termination and case.closed_on:
        # The ruling is the closure's: dated the day the case was closed, whenever it is printed.
        data["date"], data["date_iso"] = date_in_words(case.closed_on), case.closed_on.isoformat()
    return data


def _interest_statement(case: EnforcementCase, data: dict, *, today: dt.date, options: dict) -> dict:
    from documents.selectors import case_interest_defaults

    defaults = case_interest_defaults(case)
    inp = defaults.as_input(target_date=options.get("target_date") or today,
                            allocation=options.get("allocation") or interest.STATUTORY)
    data.update(interest_table(interest.calculate(inp)))
    data["principal_from_basis"] = defaults.principal_from_basis
    data["interest_waived"] = defaults.interest_waived
    return data


def interest_table(result: interest.InterestResult) -> dict:
    """The step table in the documents' words: every figure as printed (strings)."""
    inp = result.input
    lines = []
    for line in result.lines:
        if line.kind == interest.OLD_RULE:
            rate = f"年{line.annual_rate}%×2÷360（{TERM_NAMES[line.term]}，{date_cn(line.rate_effective)}起执行）"
        elif line.kind == interest.NEW_RULE:
            rate = "日万分之一点七五（0.0175%）"
        else:
            rate = "—"
        lines.append({
            "number": line.number,
            "period": f"{date_cn(line.start)}至{date_cn(line.end)}" if line.start else date_cn(line.end),
            "days": str(line.days) if line.start else "—",
            "base": grouped(line.base),
            "rate": rate,
            "interest": grouped(line.interest),
            "payment": grouped(line.payment) if line.payment else "",
            "payment_rule": PAYMENT_RULE_NAMES.get(line.allocation, "") if line.payment else "",
            "to_principal": grouped(line.to_principal) if line.payment else "",
            "to_interest": grouped(line.to_interest) if line.payment else "",
            "surplus": grouped(line.surplus) if line.surplus else "",
            "principal_after": grouped(line.principal_after),
            "interest_after": grouped(line.interest_after),
            "continues": line.continues,
        })
    term = result.term
    return {
        "interest": {
            "principal": grouped(inp.principal),
            "deadline": date_cn(inp.deadline),
            "delay_from": date_cn(result.delay_first_day),
            "target_date": date_cn(inp.target_date),
            "allocation": ALLOCATION_NAMES[inp.allocation],
            "term": (f"{TERM_NAMES[term.term]}（迟延履行期间{date_cn(term.first_day)}至{date_cn(term.last_day)}）"
                     if term else ""),
            "delay_days": str(result.delay_days),
            "paid_off_on": date_cn(result.paid_off_on),
            "lines": lines,
            "payments_total": grouped(result.payments_total),
            "interest_total": grouped(result.interest_total),
            "has_old_rule": any(line.kind == interest.OLD_RULE for line in result.lines),
            "old_rule_interest": grouped(result.old_rule_interest),
            "new_rule_interest": grouped(result.new_rule_interest),
            "interest_paid": grouped(result.interest_paid),
            "principal_outstanding": grouped(result.principal_outstanding),
            "interest_outstanding": grouped(result.interest_outstanding),
            "overpaid": grouped(result.overpaid) if result.overpaid else "",
            "amount_due": grouped(result.amount_due),
            "amount_due_capitals": amount_in_capitals(result.amount_due),
            "conventions": INTEREST_CONVENTIONS,
        }
    }


def _designation_decision(case: EnforcementCase, data: dict) -> dict:
    """指定执行决定书 / 提级执行: the upper court's decision on the case's designation request."""
    from documents.designation import designation_content

    data.update(designation_content(case))
    return data


def ensure_possible(kind: str, case: EnforcementCase, *, today: dt.date, options: dict) -> None:
    """Raise FieldErrors (in the user's language) when the case cannot have this document now."""
    if kind in (DocumentKind.ENFORCEMENT_NOTICE, DocumentKind.ASSET_REPORT_ORDER) and not case.is_open:
        # Both order the respondent to act from today: a closed case gives no more orders.
        raise FieldErrors({"kind": [_("Case %(number)s is closed (%(type)s): an enforcement notice or an order to "
                                      "declare assets can no longer be issued.")
                                    % {"number": case.case_number, "type": case.get_closure_type_display()}]})
    if kind == DocumentKind.CONSUMPTION_RESTRICTION and not ProcedureStep.objects.filter(
            case=case, kind=ProcedureKind.ENFORCEMENT_NOTICE).exists():
        # 《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第一条: the respondent failed to perform
        # within the period the enforcement notice set — so the notice must have been served first.
        raise FieldErrors({"kind": [_("The enforcement notice has not been served yet (no service is recorded on the "
                                      "dossier): a consumption restriction order follows the respondent's failure to "
                                      "perform within the period the notice set.")]})
    if kind == DocumentKind.TERMINATION_RULING and case.closure_type != ClosureType.TERMINATED_ROUND:
        missing = termination_checklist(case, today=today)
        if missing:
            raise FieldErrors({"kind": [_("The 终本 checklist is not complete: %(items)s")
                                        % {"items": "；".join(str(m.message) for m in missing)}]})
    elif kind == DocumentKind.INTEREST_STATEMENT:
        from documents.labels import problem_message
        from documents.selectors import case_interest_defaults

        inp = case_interest_defaults(case).as_input(target_date=options.get("target_date") or today,
                                                    allocation=options.get("allocation") or interest.STATUTORY)
        if inp is None:
            raise FieldErrors({"kind": [_("The basis states no principal amount or performance deadline: "
                                          "the interest cannot be computed.")]})
        try:
            interest.validate(inp)
        except interest.InterestInputError as exc:
            raise FieldErrors({"kind": [problem_message(p) for p in exc.problems]}) from exc
    elif kind == DocumentKind.DESIGNATION_DECISION:
        from documents.designation import designation_for

        designation_for(case)


def build(kind: str, case: EnforcementCase, *, today: dt.date, options: dict | None = None) -> dict:
    """The snapshot of ``kind`` for ``case``. Raises FieldErrors when the case cannot have that document
    yet (e.g. 终本 checklist incomplete, no designation decided)."""
    options = options or {}
    ensure_possible(kind, case, today=today, options=options)
    with translation.override("zh-hans"):
        data = common(case, today=today)
        data["kind"] = kind
        data["title"] = TITLES[kind]
        data["name"] = SHORT_NAMES[kind]
        if kind == DocumentKind.CONSUMPTION_RESTRICTION:
            _consumption_restriction(case, data)
        elif kind == DocumentKind.TERMINATION_RULING:
            _termination_ruling(case, data, today=today)
        elif kind == DocumentKind.INTEREST_STATEMENT:
            _interest_statement(case, data, today=today, options=options)
        elif kind == DocumentKind.DESIGNATION_DECISION:
            _designation_decision(case, data)
    return data


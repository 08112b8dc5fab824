"""Bad input in the HTML forms (issue #8, item 6): every form of the browser UI — registration, the
dossier's actions, the escalation policy, the designation decision, petitions, campaigns, tracking,
judicial aid, the hard-case rules — gets malformed IDs, amounts (negative, three decimals, text, huge),
dates (malformed, impossible like 2026-02-30) and oversized text. Each time the page comes back with a
Chinese message beside that field, and not one row is written anywhere (every table of the project's
apps, history included, is counted before and after)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.test_views import _form as registration_form
from tests.hardening.helpers import all_rows, build_scene
from tests.reliability import tally
from tests.tracking.test_tracking_views import form_data as tracking_form

pytestmark = pytest.mark.django_db

# The courts' today (settings.TIME_ZONE, Beijing), not the machine's: from 16:00 UTC they differ, and a
# policy "from today" in UTC would already be in the past.
TODAY = timezone.localdate().isoformat()
AMOUNTS = ["-5.00", "12.345", "abc", "五千元", "NaN", "Infinity", "1e400", "123456789012345678.00", "9" * 25]
DATES = ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "abc", "2026/1/1x", "0000-00-00", "20261-01-01"]
IDS = ["abc", "-1", "1.5", "99999999999999999999", "0"]
# Every form gets each kind; the full lists go to the payment, registration and tracking forms, the
# rest get a sample of each (one negative, three decimals, text and huge amount; one impossible, one
# malformed and one out-of-range date) to keep the run short.
AMOUNTS_S = ["-5.00", "12.345", "abc", "1e400"]
DATES_S = ["2026-02-30", "abc", "2026-13-01"]
IDS_S = ["abc", "99999999999999999999"]
COUNTS = ["-1", "abc", "1.5", "99999"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def too_long(n: int) -> list[str]:
    return ["长" * (n + 1)]


@dataclass
class Spec:
    name: str
    user: str                      # attribute of the world, or "handler" (the case's handler)
    url: str                       # formatted with the scene's ids
    prefix: str
    base: dict
    bad: dict[str, list[str]] = field(default_factory=dict)
    ok: dict = field(default_factory=dict)  # changes to ``base`` for the final check that it goes through

    def key(self, name: str) -> str:
        return f"{self.prefix}-{name}" if self.prefix else name


def specs(ids: dict) -> list[Spec]:
    return [
        Spec("payment", "handler", "/cases/{case}/payments/", "pay",
             {"source": "debtor", "amount": "100.00", "received_on": TODAY, "payer": "李明"},
             {"amount": AMOUNTS, "received_on": DATES, "payer": too_long(120), "note": too_long(300)}),
        Spec("disbursement", "handler", "/cases/{case}/disbursements/", "disb",
             {"kind": "to_applicant", "payee": str(ids["applicant"]), "amount": "100.00", "paid_on": TODAY},
             {"amount": AMOUNTS_S, "paid_on": DATES_S, "payee": IDS_S}),
        Spec("control", "handler", "/cases/{case}/controls/", "ctl",
             {"kind": "freeze_deposit", "asset": "中国银行赞皇支行 6216610000000000001", "amount": "5000.00",
              "started_on": TODAY, "respondent": str(ids["respondent"])},
             {"amount": AMOUNTS_S, "started_on": DATES_S, "asset": too_long(300), "respondent": IDS_S}),
        Spec("deduction", "handler", "/cases/{case}/controls/{freeze}/deduct/", "deduct-{freeze}",
             {"amount": "100.00", "deducted_on": TODAY}, {"amount": AMOUNTS_S, "deducted_on": DATES_S}),
        Spec("valuation", "handler", "/cases/{case}/controls/{seal}/valuation/", "val-{seal}",
             {"method": "appraisal", "value": "300000.00", "valued_on": TODAY, "appraiser": "河北某评估公司"},
             {"value": AMOUNTS_S, "valued_on": DATES_S, "appraiser": too_long(120)}),
        Spec("fine", "handler", "/cases/{case}/measures/", "measure",
             {"kind": "fine", "respondent": str(ids["respondent"]), "issued_on": TODAY, "amount": "1000.00",
              "reason": "拒不申报财产"},
             {"amount": AMOUNTS_S, "issued_on": DATES_S, "respondent": IDS_S, "reason": too_long(500)}),
        Spec("claim", "handler", "/cases/{case}/claims/", "claim",
             {"party": str(ids["applicant"]), "claim_amount": "85000.00", "claim_class": "ordinary"},
             {"claim_amount": AMOUNTS_S, "party": IDS_S}),
        Spec("settlement", "handler", "/cases/{case}/settlement/", "settle",
             {"agreed_on": TODAY, "agreed_amount": "80000.00", "terms": "分两期履行", "i1_due_on": "2027-01-31",
              "i1_amount": "40000.00", "i2_due_on": "2027-03-31", "i2_amount": "40000.00"},
             {"agreed_amount": AMOUNTS_S, "agreed_on": DATES_S, "i1_amount": AMOUNTS_S, "i2_due_on": DATES_S}),
        Spec("investigation", "handler", "/cases/{case}/investigations/", "inv",
             {"category": "social_insurance", "result": "none", "queried_on": TODAY, "details": "未查到"},
             {"queried_on": DATES_S, "details": too_long(2000), "found_amount": AMOUNTS_S, "respondent": IDS_S}),
        Spec("reassignment", "chief", "/cases/{case}/reassign/", "r", {"handler": str(ids["judge3"]), "reason": "均衡案件量"},
             {"handler": IDS_S}),
        Spec("registration", "clerk", "/cases/register/", "", registration_form(ids["world"]),
             {"target_amount": AMOUNTS, "basis_effective_date": DATES, "court": IDS,
              "parties-1-id_number": ["130102198001011235", "13010219800230123X", "ABC", "1" * 41],
              "parties-1-name": too_long(200), "basis_document_number": too_long(80)}),
        Spec("tracking", "clerk", "/tracking/register/", "", tracking_form(ids["world"]),
             {"obligation_amount": AMOUNTS, "basis_effective_date": DATES, "court": IDS,
              "parties-0-id_number": ["130102198001011235", "ABC"]}),
        Spec("tracking check", "clerk", "/tracking/{tracking}/check/", "check",
             {"checked_on": TODAY, "statement": "performed_part", "reported_amount": "1000.00"},
             {"reported_amount": AMOUNTS_S, "checked_on": DATES_S, "details": too_long(1000)}),
        Spec("policy", "chief", "/transfers/policy/", "policy",
             {"effective_from": TODAY, "level0_days": "90", "level1_days": "60", "level2_days": "60",
              "reason": "院党组决定"},
             {"level0_days": COUNTS, "level1_days": COUNTS[:3], "effective_from": DATES_S, "reason": too_long(500)}),
        Spec("petition", "clerk", "/cases/{case}/petitions/", "pet",
             {"received_on": TODAY, "channel": "visit", "petitioner_name": "张建国", "petitioner_standing": "applicant",
              "summary": "要求尽快执行", "reply": "已当面答复", "replied_on": TODAY},
             {"received_on": DATES_S, "petitioner_name": too_long(60), "summary": too_long(2000),
              "channel": ["bogus"], "replied_on": DATES_S}),
        Spec("campaign", "officer", "/transfers/campaigns/new/", "campaign",
             {"name": "2027年春季集中执行行动", "starts_on": "2027-03-01", "ends_on": "2027-03-31"},
             {"starts_on": DATES_S, "ends_on": DATES_S, "name": too_long(120), "description": too_long(4000)}),
        Spec("campaign report", "handler", "/transfers/cases/{case}/campaigns/{entry}/report/", "camp-{entry}",
             {"compelled_appearances": "0", "detentions": "0", "amount_recovered": "100.00"},
             {"amount_recovered": AMOUNTS_S, "detentions": COUNTS, "compelled_appearances": COUNTS[:2]}),
        Spec("hard-case rules", "chief", "/reports/hard-cases/rules/", "rules",
             {"old_after_months": "24", "petitions_threshold": "3", "reason": "调整"},
             {"old_after_months": COUNTS, "petitions_threshold": COUNTS[:3]}),
        Spec("judicial aid", "handler", "/cases/{case}/judicial-aid/", "aid",
             {"applicant": str(ids["applicant"]), "category": "serious_illness", "applied_on": TODAY, "facts": "申请人身患重病"},
             {"applied_on": DATES_S, "applicant": IDS_S, "facts": too_long(4000)}),
        # Last: rejecting hands the case to another judge at its court (the ladder's next step).
        Spec("designation decision", "officer", "/transfers/designations/{designation}/decide/", "decide",
             {"decision": "designate", "target_court": str(ids["yuanshi"]), "reason": "赞皇法院执行不力"},
             {"target_court": IDS_S, "decision": ["bogus", "1"], "reason": too_long(1000)},
             # (designating needs the money held paid out first: the check that the form works rejects)
             ok={"decision": "reject", "target_court": ""}),
    ]


@pytest.fixture
def scene(world):
    from cases.models import CaseParty, ControlAction
    from transfers.designation import designation_request_create
    from transfers.models import CampaignCase

    case, tracking, campaign = build_scene(world)
    designation = designation_request_create(actor=world.chief, case_id=case.pk, reason="被执行人系当地重点企业")
    controls = {c.kind: c.pk for c in ControlAction.objects.filter(case=case)}
    ids = {
        "world": world, "case": case.pk, "tracking": tracking.pk, "designation": designation.pk,
        "freeze": controls["freeze_deposit"], "seal": controls["seal_real_estate"],
        "entry": CampaignCase.objects.get(campaign=campaign, case=case).pk,
        "applicant": CaseParty.objects.get(case=case, role="applicant").party_id,
        "respondent": CaseParty.objects.get(case=case, role="respondent").party_id,
        "judge3": world.judge3.pk, "yuanshi": world.yuanshi.pk,
    }
    return case, ids


def test_every_form_answers_malformed_input_with_a_chinese_field_error_and_writes_nothing(world, scene):
    case, ids = scene
    clients: dict[str, Client] = {}
    for role in ("handler", "chief", "clerk", "officer"):
        clients[role] = Client()
        clients[role].force_login(case.handler if role == "handler" else getattr(world, role))
    fmt = {k: v for k, v in ids.items() if k != "world"}
    failures, tried = [], 0
    before = all_rows()
    for spec in specs(ids):
        url, prefix = spec.url.format(**fmt), spec.prefix.format(**fmt)
        spec = Spec(spec.name, spec.user, url, prefix, spec.base, spec.bad, spec.ok)
        base = {spec.key(k) if spec.prefix else k: v for k, v in spec.base.items()}
        for name, values in spec.bad.items():
            for value in values:
                tried += 1
                response = clients[spec.user].post(url, {**base, spec.key(name): value}, HTTP_ACCEPT_LANGUAGE="zh-hans")
                html = response.content.decode() if response.status_code != 302 else ""
                messages = re.findall(rf'data-field="{re.escape(spec.key(name))}">([^<]*)<', html)
                problem = None
                if response.status_code not in (200, 400):
                    problem = f"status {response.status_code}"
                elif not messages:
                    problem = "no field error"
                elif not any(CJK.search(m) for m in messages):
                    problem = f"not Chinese: {messages}"
                if problem:
                    failures.append(f"{spec.name}: {spec.key(name)}={value[:30]!r} → {problem}")
    after = all_rows()
    written = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not failures and not written, "\n".join(failures) + f"\nwritten: {written}"
    # The same forms with the base values alone go through: each refusal above was that one bad value.
    for spec in specs(ids):
        if spec.name == "reassignment":
            continue  # (it would take the case away from the handler, who posts the other forms)
        url, prefix = spec.url.format(**fmt), spec.prefix.format(**fmt)
        base = {(f"{prefix}-{k}" if prefix else k): v for k, v in {**spec.base, **spec.ok}.items()}
        response = clients[spec.user].post(url, base, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 302, (spec.name, response.status_code,
                                             re.findall(r'data-field="([^"]*)">([^<]*)<', response.content.decode()))
    tally("bad_input", cases=tried)
    print(f"{tried} malformed inputs tried")


def test_malformed_ids_in_page_addresses_are_not_found_not_errors(world, scene):
    """Object IDs out of range or of another kind in the address: 404 (403 where the page is not for this
    role at all), never a server error."""
    case, ids = scene
    client = Client()
    client.force_login(case.handler)
    huge = "99999999999999999999"
    urls = [f"/cases/{huge}/", f"/cases/{huge}/timeline/", f"/cases/{case.pk}/controls/{huge}/deduct/",
            f"/tracking/{huge}/", f"/transfers/campaigns/{huge}/", f"/transfers/designations/{huge}/",
            f"/cases/{case.pk}/documents/{huge}/", f"/imports/{huge}/", "/cases/abc/", "/cases/-1/", "/cases/1.5/"]
    before = all_rows()
    tried = 0
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"deduct-amount": "1.00"} if method == "post" else None)
            assert response.status_code in (403, 404, 405), (method, url, response.status_code)
            tried += 1
    assert all_rows() == before
    tally("bad_input", cases=tried)

"""The dossier in the browser (issue #3) through Django's test client: "my dossiers" sorted and
flagged, every dossier form landing on the timeline, mistakes shown beside their fields in Chinese
with nothing saved, the 终本 refusal listing what is missing, read-only views, constant queries."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import closure, dossier, money, services
from cases.models import (
    CaseEvent,
    CaseParty,
    CoerciveMeasure,
    ControlAction,
    Disbursement,
    EnforcementCase,
    Investigation,
    Payment,
    ProcedureStep,
    Settlement,
)
from tests.dossier import dossier_html, dossier_page
from tests.factories import registration, resident_id
from tests.queries import assert_constant_queries
from transfers.services import case_reassign

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 6, 15)
_seq = itertools.count(501)
HAN = re.compile(r"[\u4e00-\u9fff]")


def on(day: dt.date):
    """Freeze "now" at 10:00 Beijing time on ``day``."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI), tick=False)


def person(role: str, name: str, phone: str = "") -> services.PartyInput:
    return services.PartyInput(role=role, kind="person", name=name, id_number=resident_id(seq=next(_seq) % 1000), phone=phone)


def make_case(world, *, filed_on: dt.date, target: str = "85000.00", applicants: int = 1, respondent: str = "李明",
              handler=None) -> EnforcementCase:
    """A case at 赞皇 handled by ``handler`` (the judge by default)."""
    names = ["张建国", "刘铁柱", "王秀英"][:applicants]
    parties = [person("applicant", n, f"1380311000{i}") for i, n in enumerate(names, start=1)]
    parties.append(person("respondent", respondent, "13903110002"))
    data = registration(world.zanhuang, parties=parties, target_amount=target, filed_on=filed_on)
    case = services.case_register(actor=world.clerk, data=data)
    handler = handler or world.judge
    if case.handler_id != handler.pk:
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=handler.pk, reason="测试分案")
    return EnforcementCase.objects.get(pk=case.pk)


def applicant_ids(case) -> list[int]:
    return list(CaseParty.objects.filter(case=case, role="applicant").order_by("position", "pk").values_list("party_id", flat=True))


def respondent_id(case) -> int:
    return CaseParty.objects.filter(case=case, role="respondent").values_list("party_id", flat=True).first()


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (CaseEvent, Payment, Disbursement, ControlAction, Investigation,
                                                    ProcedureStep, CoerciveMeasure, Settlement)}


def timeline(html: str) -> str:
    """The timeline's part of the page."""
    start = html.index('class="list-group list-group-flush small timeline')
    return html[start:html.index("</ul>", start)]


def row(html: str, case) -> str:
    """The row of ``case`` in the "my dossiers" table."""
    match = re.search(rf'<tr data-case="{case.pk}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {case.case_number}"
    return match.group(1)


def alerts(html: str, case) -> set[str]:
    """The alert badges on the row of ``case``."""
    return set(re.findall(r'class="badge [^"]* alert-([a-z-]+)"', row(html, case)))


def ratio(html: str, case) -> str:
    return re.search(r'class="text-end cash-ratio">([^<]*)<', row(html, case)).group(1)


def complete_termination_checklist(world, case, day: dt.date) -> None:
    """Everything DESIGN.md §7 asks before 终本, recorded on ``day`` (more than 3 months after filing)."""
    judge = world.judge
    for kind in ("enforcement_notice", "asset_report_order"):
        dossier.procedure_record(actor=judge, case_id=case.pk, kind=kind, done_on=day)
    dossier.procedure_record(actor=judge, case_id=case.pk, kind="applicant_informed", done_on=day,
                             applicant_opinion="同意终结本次执行程序")
    for kind in ("consumption_restriction", "blacklist"):
        dossier.measure_issue(actor=judge, case_id=case.pk, kind=kind, respondent=respondent_id(case), issued_on=day,
                              reason="未按执行通知履行")
    for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
        dossier.investigation_record(actor=judge, case_id=case.pk, category=category, result="none", queried_on=day)


# --- my dossiers ---------------------------------------------------------------------------------
def test_my_dossiers_sorts_and_flags_the_cases_that_need_attention(client, world):
    with on(dt.date(2025, 7, 1)):
        old = make_case(world, filed_on=dt.date(2025, 7, 1), target="300000.00")  # past the limit, control expiring
        dossier.control_apply(actor=world.judge, case_id=old.pk, kind="freeze_deposit", asset="农行 6228480000000000001",
                              amount="1000.00", started_on=dt.date(2025, 7, 1))  # expires 2026-06-30
    with on(dt.date(2026, 5, 1)):
        cash = make_case(world, filed_on=dt.date(2026, 5, 1), target="50000.00")
        dossier.investigation_record(actor=world.judge, case_id=cash.pk, category="deposit", result="found",
                                     queried_on=dt.date(2026, 5, 1), details="建行 余额25000元", found_amount="25000.00")
        held = make_case(world, filed_on=dt.date(2026, 5, 1), target="1000.00")
        money.payment_record(actor=world.judge, case_id=held.pk, amount="1000.00", received_on=dt.date(2026, 5, 1))
        settled = make_case(world, filed_on=dt.date(2026, 5, 1), target="20000.00")
        money.settlement_record(actor=world.judge, case_id=settled.pk, agreed_on=dt.date(2026, 5, 1), agreed_amount="20000.00",
                                instalments=[{"due_on": "2026-06-01", "amount": "10000.00"},
                                             {"due_on": "2026-07-01", "amount": "10000.00"}])
        someone_elses = make_case(world, filed_on=dt.date(2026, 5, 1), handler=world.judge3)
    client.force_login(world.judge)
    with on(TODAY):
        response = client.get("/cases/mine/?sort=outstanding")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/cases/mine/"' in html  # the nav links here
    assert someone_elses.case_number not in html
    numbers = [c.case_number for c in (old, cash, settled, held)]
    assert sorted(numbers, key=html.index) == numbers, "largest outstanding first"

    assert alerts(html, old) == {"expiring", "past-limit"}
    assert alerts(html, cash) == set() and ratio(html, cash) == "50.0%"
    assert alerts(html, held) == {"undisbursed"} and ratio(html, held) == "—"  # nothing outstanding: no ratio
    assert alerts(html, settled) == {"missed-instalment"}
    assert ratio(html, old) == "0.0%"
    assert "控制措施30日内到期" in row(html, old) and "超6个月审限" in row(html, old)

    with on(TODAY):
        html = client.get("/cases/mine/?sort=cash_ratio").content.decode()
    assert html.index(cash.case_number) < html.index(old.case_number) < html.index(held.case_number), "no ratio last"
    with on(TODAY):
        html = client.get("/cases/mine/?sort=days_open").content.decode()
    assert html.index(old.case_number) < html.index(cash.case_number), "longest open first"

    # The column headers sort through htmx: only the table comes back.
    with on(TODAY):
        response = client.get("/cases/mine/?sort=days_idle", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="dossier-table")
    part = response.content.decode()
    assert "<html" not in part and old.case_number in part and 'data-sort="days_idle"' in part


def test_terminated_round_cases_due_for_requery_are_listed_and_can_be_resumed(client, world):
    with on(dt.date(2025, 9, 1)):
        case = make_case(world, filed_on=dt.date(2025, 9, 1))
    with on(dt.date(2025, 12, 10)):
        complete_termination_checklist(world, case, dt.date(2025, 12, 10))
        client.force_login(world.judge)
        response = client.post(f"/cases/{case.pk}/close/", {"close-closure_type": "terminated_round",
                                                              "close-reason": "经全面调查无可供执行财产",
                                                              "close-expected_status": "in_progress"})
        assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert (case.status, case.closure_type) == ("closed", "terminated_round")

    with on(dt.date(2026, 6, 1)):
        client.force_login(world.judge)  # a new session, months later
        html = client.get("/cases/mine/").content.decode()
        section = html[html.index('id="requery-due"'):]
        assert case.case_number in section and "2026-06-10" in section

        page = dossier_html(client, case)
        assert 'id="resume-form"' in page and 'id="inv-form"' in page  # re-query and resumption remain possible
        assert 'id="close-form"' not in page and 'id="ctl-form"' not in page
        response = client.post(f"/cases/{case.pk}/resume/", {"resume-reason": "申请执行人提供新的财产线索"})
    resumed = EnforcementCase.objects.get(origin_case=case)
    assert resumed.type_code == "执恢"
    assert response.status_code == 302 and response["Location"] == f"/cases/{resumed.pk}/"
    with on(dt.date(2026, 6, 1)):
        page = client.get(response["Location"]).content.decode()
        assert case.case_number in page and 'id="origin-case"' in page
        old_page = dossier_html(client, case)
    assert resumed.case_number in old_page and 'id="resume-form"' not in old_page


def test_dossier_header_and_controls_show_the_clocks(client, world):
    with on(dt.date(2025, 6, 1)):
        case = make_case(world, filed_on=dt.date(2025, 6, 1))
        lapsed = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="农行 A",
                                       amount="1000.00", started_on=dt.date(2025, 6, 1))  # expires 2026-05-31
    with on(dt.date(2025, 6, 20)):
        expiring = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="农行 B",
                                         amount="1000.00", started_on=dt.date(2025, 6, 20))  # expires 2026-06-19
    client.force_login(world.judge)
    with on(TODAY):
        html = dossier_html(client, case)
    assert "距上次实质进展360天" in re.search(r'id="days-idle">(.*?)</span>', html, re.S).group(1)
    assert "2025-12-01" in re.search(r'id="limit-date">(.*?)</span>', html, re.S).group(1)
    assert "alert-past-limit" in html and "alert-expiring" in html
    row_expiring = re.search(rf'<tr id="control-{expiring.pk}"[^>]*class="table-warning">(.*?)</tr>', html, re.S).group(1)
    assert 'badge text-bg-warning">4<' in row_expiring
    row_lapsed = re.search(rf'<tr id="control-{lapsed.pk}"[^>]*class="table-danger">(.*?)</tr>', html, re.S).group(1)
    assert "已到期15天" in row_lapsed and "lapsed" in row_lapsed
    # A lapsed freeze is neither renewed nor deducted any more; it can still be released.
    assert f'id="deduct-{lapsed.pk}-form"' not in html and f'id="renew-{lapsed.pk}-form"' not in html
    assert f'id="release-{lapsed.pk}-form"' in html
    assert f'id="deduct-{expiring.pk}-form"' in html and f'id="renew-{expiring.pk}-form"' in html


# --- every form lands on the timeline ------------------------------------------------------------
def _post(client, url: str, data: dict, *, anchor: str):
    response = client.post(url, data)
    assert response.status_code == 302, (url, re.findall(r'data-field="([^"]+)">([^<]+)<', response.content.decode()),
                                         re.findall(r'form-errors[^>]*>(.*?)</div></div>', response.content.decode(), re.S))
    assert response["Location"].endswith(f"#{anchor}")
    return response


def _kinds(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))


def test_investigation_procedure_and_measures_forms_land_on_the_timeline(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1))
    client.force_login(world.judge)
    base = f"/cases/{case.pk}"
    with on(TODAY):
        _post(client, f"{base}/investigations/", {"inv-category": "deposit", "inv-result": "found", "inv-queried_on": "2026-06-10",
                                                  "inv-details": "建设银行赞皇支行 余额32000元", "inv-found_amount": "32,000.00"},
              anchor="investigation")
        _post(client, f"{base}/investigations/", {"inv-category": "applicant_lead", "inv-result": "pending",
                                                  "inv-details": "被执行人在石家庄有一辆货车"}, anchor="investigation")
        lead = Investigation.objects.get(case=case, category="applicant_lead")
        page = client.get(f"{base}/").content.decode()
        assert f'id="lead-{lead.pk}-form"' in page
        _post(client, f"{base}/investigations/{lead.pk}/result/",
              {f"lead-{lead.pk}-result": "none", f"lead-{lead.pk}-queried_on": "2026-06-12", f"lead-{lead.pk}-details": "车辆已报废"},
              anchor="investigation")
        _post(client, f"{base}/procedures/", {"proc-kind": "enforcement_notice", "proc-done_on": "2026-06-11",
                                              "proc-details": "直接送达"}, anchor="procedure")
        _post(client, f"{base}/measures/", {"measure-kind": "consumption_restriction", "measure-respondent": respondent_id(case),
                                            "measure-issued_on": "2026-06-12", "measure-reason": "未履行生效法律文书"},
              anchor="measures")
        measure = CoerciveMeasure.objects.get(case=case)
        _post(client, f"{base}/measures/{measure.pk}/lift/", {f"lift-{measure.pk}-lifted_on": "2026-06-14",
                                                             f"lift-{measure.pk}-reason": "被执行人提供担保"}, anchor="measures")
        html = client.get(f"{base}/").content.decode()
    case.refresh_from_db()
    assert case.status == "in_progress" and str(case.found_cash_amount) == "32000.00"
    assert [k for k in _kinds(case) if k not in ("registered", "assigned", "reassigned", "status_changed")] == [
        "investigation", "investigation", "investigation", "procedure", "measure", "measure_lifted"]
    events = timeline(html)
    for text in ("建设银行赞皇支行 余额32000元", "直接送达", "被执行人提供担保"):
        assert text in events
    assert "车辆已报废" in html  # the lead's result, in the investigation table
    assert "¥32,000.00" in html  # cash found, in the investigation summary
    assert 'data-query="deposit"' in html and "query-missing" in html  # four queries still missing


def test_control_and_disposal_forms_land_on_the_timeline(client, world):
    with on(dt.date(2026, 1, 5)):
        case = make_case(world, filed_on=dt.date(2026, 1, 5), target="900000.00")
    client.force_login(world.judge)
    base = f"/cases/{case.pk}"
    with on(TODAY):
        _post(client, f"{base}/controls/", {"ctl-kind": "seal_real_estate", "ctl-asset": "赞皇县幸福小区3-2-501",
                                            "ctl-started_on": "2026-01-10", "ctl-respondent": respondent_id(case)}, anchor="controls")
        house = ControlAction.objects.get(case=case)
        assert house.expires_on == dt.date(2029, 1, 9)
        _post(client, f"{base}/controls/{house.pk}/valuation/", {f"val-{house.pk}-method": "appraisal",
                                                                  f"val-{house.pk}-value": "500000", f"val-{house.pk}-valued_on": "2026-02-01"},
              anchor=f"control-{house.pk}")
        page = client.get(f"{base}/").content.decode()
        assert "¥350,000.00" in page  # the lawful floor of round 1 is shown beside the form
        with on(dt.date(2026, 2, 10)):  # an auction is scheduled ahead of its date
            _post(client, f"{base}/controls/{house.pk}/auction/", {f"auction-{house.pk}-reserve_price": "350000",
                                                                    f"auction-{house.pk}-starts_on": "2026-03-01"}, anchor=f"control-{house.pk}")
        first = house.auction_rounds.get()
        with on(dt.date(2026, 3, 2)):
            _post(client, f"{base}/auctions/{first.pk}/conclude/", {f"conclude-{first.pk}-result": "unsold",
                                                                     f"conclude-{first.pk}-concluded_on": "2026-03-02"}, anchor=f"control-{house.pk}")
            page = client.get(f"{base}/").content.decode()
            assert "¥280,000.00" in page  # round 2's floor: 80% of round 1's reserve
            response = client.post(f"{base}/controls/{house.pk}/auction/", {f"auction-{house.pk}-reserve_price": "270000",
                                                                             f"auction-{house.pk}-starts_on": "2026-04-01"})
            assert response.status_code == 400 and f'data-field="auction-{house.pk}-reserve_price"' in response.content.decode()
            _post(client, f"{base}/controls/{house.pk}/auction/", {f"auction-{house.pk}-reserve_price": "280000",
                                                                    f"auction-{house.pk}-starts_on": "2026-04-01"}, anchor=f"control-{house.pk}")
        second = house.auction_rounds.order_by("-pk").first()
        with on(dt.date(2026, 4, 2)):
            _post(client, f"{base}/auctions/{second.pk}/conclude/", {f"conclude-{second.pk}-result": "unsold",
                                                                      f"conclude-{second.pk}-concluded_on": "2026-04-02"}, anchor=f"control-{house.pk}")
        _post(client, f"{base}/controls/{house.pk}/sale/", {f"sale-{house.pk}-price": "285000", f"sale-{house.pk}-buyer": "赵六",
                                                             f"sale-{house.pk}-sold_on": "2026-05-01"}, anchor=f"control-{house.pk}")

        _post(client, f"{base}/controls/", {"ctl-kind": "seal_movable", "ctl-asset": "黄牛四头", "ctl-started_on": "2026-02-01"},
              anchor="controls")
        cows = ControlAction.objects.get(case=case, asset="黄牛四头")
        _post(client, f"{base}/controls/{cows.pk}/in-kind/", {f"inkind-{cows.pk}-applicant": applicant_ids(case)[0],
                                                               f"inkind-{cows.pk}-value": "55000", f"inkind-{cows.pk}-by_agreement": "on",
                                                               f"inkind-{cows.pk}-transferred_on": "2026-06-01"}, anchor=f"control-{cows.pk}")

        _post(client, f"{base}/controls/", {"ctl-kind": "freeze_deposit", "ctl-asset": "工行 6222020000000000001",
                                            "ctl-amount": "12,000.00", "ctl-started_on": "2026-06-01"}, anchor="controls")
        account = ControlAction.objects.get(case=case, kind="freeze_deposit")
        _post(client, f"{base}/controls/{account.pk}/deduct/", {f"deduct-{account.pk}-amount": "12000",
                                                                 f"deduct-{account.pk}-deducted_on": "2026-06-02"}, anchor=f"control-{account.pk}")

        _post(client, f"{base}/controls/", {"ctl-kind": "freeze_equity", "ctl-asset": "赞皇某公司30%股权", "ctl-started_on": "2026-02-01"},
              anchor="controls")
        equity = ControlAction.objects.get(case=case, kind="freeze_equity")
        _post(client, f"{base}/controls/{equity.pk}/renew/", {f"renew-{equity.pk}-renewed_on": "2026-06-15"}, anchor=f"control-{equity.pk}")
        _post(client, f"{base}/controls/{equity.pk}/release/", {f"release-{equity.pk}-released_on": "2026-06-15",
                                                                 f"release-{equity.pk}-reason": "案外人异议成立"}, anchor=f"control-{equity.pk}")
        html = client.get(f"{base}/").content.decode()
    case.refresh_from_db()
    assert str(case.recovered_amount) == "352000.00"  # 285,000 sale + 55,000 in kind + 12,000 deducted
    kinds = _kinds(case)
    for kind in ("control", "valuation", "auction", "disposal", "payment", "disbursement", "control_renewed", "control_released"):
        assert kind in kinds, kind
    events = timeline(html)
    for text in ("赞皇县幸福小区3-2-501", "黄牛四头", "赵六", "案外人异议成立", "2032-01-31", "冻结账户扣划"):
        assert text in events, text
    equity.refresh_from_db()
    assert equity.status == "released" and equity.renewals.count() == 1
    assert "2029-01-31 → 2032-01-31" in html  # renewal history in the controls table


def test_money_forms_land_on_the_timeline_and_the_ledger_reconciles(client, world):
    with on(dt.date(2026, 4, 1)):
        case = make_case(world, filed_on=dt.date(2026, 4, 1), target="30000.00", applicants=2)
    wages, ordinary = applicant_ids(case)
    client.force_login(world.judge)
    base = f"/cases/{case.pk}"
    with on(TODAY):
        _post(client, f"{base}/claims/", {"claim-party": wages, "claim-claim_amount": "10000", "claim-claim_class": "wage"}, anchor="money")
        _post(client, f"{base}/claims/", {"claim-party": ordinary, "claim-claim_amount": "20000", "claim-claim_class": "ordinary"},
              anchor="money")
        _post(client, f"{base}/payments/", {"pay-amount": "16000", "pay-received_on": "2026-06-01", "pay-source": "debtor",
                                            "pay-payer": "李明"}, anchor="money")
        page = client.get(f"{base}/").content.decode()
        assert 'id="distribution"' in page and 'id="dist-form"' in page
        dist = page[page.index('class="table table-sm mb-2 distribution-table"'):]
        assert "¥10,000.00" in dist and "¥6,000.00" in dist  # wages first, the rest to the ordinary claim
        _post(client, f"{base}/disbursements/", {"disb-kind": "to_applicant", "disb-payee": wages, "disb-amount": "4000",
                                                 "disb-paid_on": "2026-06-05"}, anchor="money")
        _post(client, f"{base}/distribution/", {"dist-paid_on": "2026-06-10"}, anchor="money")
        html = client.get(f"{base}/").content.decode()
    case.refresh_from_db()
    assert (str(case.recovered_amount), str(case.disbursed_amount), str(case.held_amount)) == ("16000.00", "16000.00", "0.00")
    totals = {}
    for payee, amount in Disbursement.objects.filter(case=case).values_list("payee_id", "amount"):
        totals[payee] = totals.get(payee, 0) + amount
    assert {k: str(v) for k, v in totals.items()} == {wages: "10000.00", ordinary: "6000.00"}
    assert _kinds(case).count("disbursement") == 3 and "payment" in _kinds(case)
    assert 'id="ledger-held">¥0.00' in html and 'id="ledger-disbursed">¥16,000.00' in html


def test_settlement_form_and_breach_land_on_the_timeline(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1), target="30000.00")
    client.force_login(world.judge)
    base = f"/cases/{case.pk}"
    with on(dt.date(2026, 4, 1)):
        data = {"settle-agreed_on": "2026-04-01", "settle-agreed_amount": "20000", "settle-terms": "分两期付清，免除迟延履行利息",
                "settle-waives_interest": "on", "settle-i1_due_on": "2026-05-01", "settle-i1_amount": "10000",
                "settle-i3_due_on": "2026-06-01", "settle-i3_amount": "10000"}  # row 2 left blank: ignored
        _post(client, f"{base}/settlement/", data, anchor="settlement")
    case.refresh_from_db()
    assert case.status == "settled"
    with on(TODAY):
        page = client.get(f"{base}/").content.decode()
        assert "instalment-missed" in page and 'id="breach-form"' in page and "alert-missed-instalment" in page
        _post(client, f"{base}/settlement/breach/", {"breach-reason": "申请执行人申请恢复执行"}, anchor="settlement")
        html = client.get(f"{base}/").content.decode()
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert _kinds(case).count("settlement") == 2
    assert "申请执行人申请恢复执行" in timeline(html)


def test_settlement_instalment_errors_point_at_their_row(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1), target="30000.00")
    client.force_login(world.judge)
    before = counts()
    with on(dt.date(2026, 4, 1)):
        response = client.post(f"/cases/{case.pk}/settlement/", {
            "settle-agreed_on": "2026-04-01", "settle-agreed_amount": "20000",
            "settle-i1_due_on": "2026-05-01", "settle-i1_amount": "10000",
            "settle-i4_due_on": "2026-03-01", "settle-i4_amount": "10000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="settle-i4_due_on"' in html and 'data-field="settle-i1_due_on"' not in html
    assert 'value="2026-03-01"' in html  # kept for correction
    assert counts() == before


# --- mistakes: beside the field, in Chinese, nothing saved ---------------------------------------
@pytest.mark.parametrize(("url", "data", "field", "chinese"), [
    ("payments/", {"pay-amount": "abc", "pay-received_on": "2026-06-01", "pay-source": "debtor", "pay-payer": "李明的哥哥"},
     "pay-amount", "请输入以元为单位的数字"),
    ("controls/", {"ctl-kind": "freeze_deposit", "ctl-asset": "农行 6228480000000000001", "ctl-started_on": "2026-07-01",
                   "ctl-amount": "5000"}, "ctl-started_on", "不能晚于今天"),
    ("procedures/", {"proc-kind": "applicant_informed", "proc-done_on": "2026-06-01", "proc-details": "约谈申请执行人"},
     "proc-applicant_opinion", "申请执行人的意见"),
    ("measures/", {"measure-kind": "fine", "measure-issued_on": "2026-06-01", "measure-reason": "妨碍执行"},
     "measure-respondent", "被执行人"),
])
def test_a_mistake_is_shown_beside_its_field_in_chinese_and_nothing_is_saved(client, world, url, data, field, chinese):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1))
    client.force_login(world.judge)
    before = counts()
    with on(TODAY):
        response = client.post(f"/cases/{case.pk}/{url}", data)
    assert response.status_code == 400
    html = response.content.decode()
    match = re.search(rf'data-field="{field}">([^<]+)<', html)
    assert match, field
    assert chinese in match.group(1) and HAN.search(match.group(1))
    for value in data.values():
        if HAN.search(value):
            assert value in html  # what was typed is still there
    assert counts() == before
    assert EnforcementCase.objects.get(pk=case.pk).status == "registered"


def test_non_deductible_funds_are_refused_with_a_clear_message(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1))
        control = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="低保专户 6217000000000000001",
                                        amount="3000.00", started_on=dt.date(2026, 3, 1), non_deductible=True,
                                        non_deductible_reason="最低生活保障金")
    client.force_login(world.judge)
    with on(TODAY):
        page = dossier_html(client, case)
        assert f'id="deduct-{control.pk}-form"' not in page and "non-deductible" in page  # no deduction offered
        before = counts()
        response = client.post(f"/cases/{case.pk}/controls/{control.pk}/deduct/", {f"deduct-{control.pk}-amount": "3000"})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'form-errors" data-form="deduct-{control.pk}">(.*?)</div></div>', html, re.S)
    assert error and "最低生活保障金" in error.group(1) and "不得扣划" in error.group(1)
    assert f'id="control-{control.pk}-panel"' in html and "collapse show" in html  # the form is open where the error is
    assert counts() == before


def test_terminated_round_is_refused_listing_every_missing_item(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1))
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="enforcement_notice", done_on=dt.date(2026, 3, 1))
    client.force_login(world.judge)
    with on(TODAY):
        missing = [m.message for m in closure.termination_checklist(EnforcementCase.objects.get(pk=case.pk),
                                                                     closure.TerminationFacts(whereabouts_unknown=True))]
        page = dossier_html(client, case)
        response = client.post(f"/cases/{case.pk}/close/", {"close-closure_type": "terminated_round", "close-reason": "无财产可供执行",
                                                              "close-whereabouts_unknown": "on", "close-expected_status": "in_progress"})
    assert 'id="closure-checklist"' in page and "closure-missing" in page  # the live checklist is there before trying
    assert response.status_code == 400
    html = response.content.decode()
    refused = re.search(r'id="closure-refused">(.*?)</ul>', html, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", refused)
    assert len(items) == len(missing) >= 8
    assert "报告财产令" in refused and "限制消费令" in refused and "查找" in refused
    assert "执行通知书" not in refused  # served: not missing
    assert "无财产可供执行" in html and 'name="close-whereabouts_unknown"' in html and "checked" in html
    assert EnforcementCase.objects.get(pk=case.pk).status == "in_progress"


def test_closure_preview_follows_the_type_and_facts_through_htmx(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1), target="1000.00")
        money.payment_record(actor=world.judge, case_id=case.pk, amount="400.00", received_on=dt.date(2026, 3, 1))
    client.force_login(world.judge)
    with on(TODAY):
        part = client.get(f"/cases/{case.pk}/close/checklist/?close-closure_type=performed", HTTP_HX_REQUEST="true").content.decode()
        assert "<html" not in part and "¥600.00" in part and "¥400.00" in part  # outstanding, and money not paid out
        part = client.get(f"/cases/{case.pk}/close/checklist/?close-closure_type=terminated_round&close-obstruction=on").content.decode()
        assert "罚款" in part and "执行通知书" in part


def test_performed_closure_from_the_dossier_lifts_the_credit_measures(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1), target="1000.00")
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=respondent_id(case),
                              issued_on=dt.date(2026, 3, 1), reason="有履行能力而拒不履行")
        money.payment_record(actor=world.judge, case_id=case.pk, amount="1000.00", received_on=dt.date(2026, 3, 1))
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="1000.00", paid_on=dt.date(2026, 3, 1),
                                  payee=applicant_ids(case)[0])
    client.force_login(world.judge)
    with on(TODAY):
        response = client.post(f"/cases/{case.pk}/close/", {"close-closure_type": "performed", "close-reason": "全部履行完毕",
                                                              "close-expected_status": "in_progress"}, follow=True)
    html = response.content.decode()
    assert 'id="case-status">已结案' in html and "执行完毕" in html
    assert CoerciveMeasure.objects.get(case=case).lifted_on == TODAY
    assert 'id="close-form"' not in html and "measure_lifted" in html


# --- who may act ---------------------------------------------------------------------------------
def test_upper_court_supervisor_reads_the_dossier_without_any_form(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1))
        control = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="农行 6228480000000000001",
                                        amount="5000.00", started_on=dt.date(2026, 3, 1))
    client.force_login(world.supervisor)
    with on(TODAY):
        response = dossier_page(client, case)
        html = response.content.decode()
        assert response.status_code == 200 and 'id="read-only"' in html
        assert "农行 6228***********0001" in html and "6228480000000000001" not in html  # the sections are there, account masked …
        # … without a form, but for the hard-case card, where an upper court records petitions and supervises (issue #5)
        assert 'id="hc-supervised-form"' in html
        html = re.sub(r'<div class="card mb-3" id="hard-cases">.*?<!-- /#hard-cases -->', "", html, flags=re.S)
        assert 'method="post"' not in html.split("<main", 1)[1] and "dossier-form" not in html
        assert client.post(f"/cases/{case.pk}/payments/", {"pay-amount": "1", "pay-received_on": "2026-06-01"}).status_code == 403
        assert client.post(f"/cases/{case.pk}/controls/{control.pk}/deduct/", {f"deduct-{control.pk}-amount": "1"}).status_code == 403
        assert client.get(f"/cases/{case.pk}/close/checklist/").status_code == 403
    client.force_login(world.clerk)  # the filing clerk of the same court reads too (and records petitions, issue #5)
    with on(TODAY):
        html = dossier_html(client, case)
    assert 'id="pet-form"' in html
    assert "dossier-form" not in re.sub(r'<div class="card mb-3" id="hard-cases">.*?<!-- /#hard-cases -->', "", html, flags=re.S)


def test_an_item_of_another_case_is_not_found(client, world):
    with on(dt.date(2026, 3, 1)):
        mine = make_case(world, filed_on=dt.date(2026, 3, 1))
        other = make_case(world, filed_on=dt.date(2026, 3, 1))
        control = dossier.control_apply(actor=world.judge, case_id=other.pk, kind="freeze_deposit", asset="农行 1",
                                        amount="5000.00", started_on=dt.date(2026, 3, 1))
    client.force_login(world.judge)
    with on(TODAY):
        response = client.post(f"/cases/{mine.pk}/controls/{control.pk}/release/",
                               {f"release-{control.pk}-reason": "x", f"release-{control.pk}-released_on": "2026-06-01"})
    assert response.status_code == 404
    assert ControlAction.objects.get(pk=control.pk).status == "in_force"


def test_related_cases_show_what_the_user_may_see_and_count_the_rest(client, world):
    with on(dt.date(2026, 3, 1)):
        case = make_case(world, filed_on=dt.date(2026, 3, 1))
        debtor = CaseParty.objects.get(case=case, role="respondent").party
        same = services.PartyInput(role="respondent", kind="person", name=debtor.name, id_number=debtor.id_number)
        other_court = services.case_register(actor=world.ys_clerk, data=registration(
            world.yuanshi, parties=[person("applicant", "孙丽"), same], filed_on=dt.date(2026, 3, 1)))
        here = services.case_register(actor=world.clerk, data=registration(
            world.zanhuang, parties=[person("applicant", "周强"), same], filed_on=dt.date(2026, 3, 1)))
    client.force_login(world.judge)
    with on(TODAY):
        html = dossier_html(client, case)
    section = html[html.index('id="related"'):]
    assert here.case_number in section and other_court.case_number not in section
    assert "另有1件案件在其他1家法院，未予显示" in section  # counted, not shown


# --- queries -------------------------------------------------------------------------------------
def test_dossier_page_query_count_does_not_grow_with_the_dossier(client, world):
    with on(dt.date(2026, 1, 5)):
        case = make_case(world, filed_on=dt.date(2026, 1, 5), target="900000.00", applicants=2)
    a, b = applicant_ids(case)
    judge, resp = world.judge, respondent_id(case)

    def one_of_each(n: int) -> None:
        day = dt.date(2026, 2, n)
        dossier.investigation_record(actor=judge, case_id=case.pk, category="deposit", result="found", queried_on=day,
                                     details=f"银行{n}", found_amount="100.00")
        dossier.investigation_record(actor=judge, case_id=case.pk, category="applicant_lead", result="pending", details=f"线索{n}")
        dossier.procedure_record(actor=judge, case_id=case.pk, kind="site_visit", done_on=day)
        freeze = dossier.control_apply(actor=judge, case_id=case.pk, kind="freeze_deposit", asset=f"账户{n}", amount="500.00",
                                       started_on=day)
        dossier.control_renew(actor=judge, control_id=freeze.pk, renewed_on=day)
        dossier.control_deduct(actor=judge, control_id=freeze.pk, amount="100.00", deducted_on=day)
        house = dossier.control_apply(actor=judge, case_id=case.pk, kind="seal_real_estate", asset=f"房产{n}", started_on=day)
        dossier.valuation_record(actor=judge, control_id=house.pk, method="online_inquiry", value="100000", valued_on=day)
        with on(day):
            auction = dossier.auction_schedule(actor=judge, control_id=house.pk, reserve_price="70000", starts_on=day)
            dossier.auction_conclude(actor=judge, auction_id=auction.pk, result="unsold", concluded_on=day)
        measure = dossier.measure_issue(actor=judge, case_id=case.pk, kind="fine", respondent=resp, issued_on=day,
                                        amount="1000", reason=f"妨碍执行{n}")
        dossier.measure_lift(actor=judge, measure_id=measure.pk, lifted_on=day, reason="已缴纳")
        money.payment_record(actor=judge, case_id=case.pk, amount="300.00", received_on=day)
        money.disbursement_record(actor=judge, case_id=case.pk, amount="50.00", paid_on=day, payee=a)

    with on(dt.date(2026, 3, 1)):
        money.applicant_claim_set(actor=judge, case_id=case.pk, party=a, claim_amount="300000", claim_class="wage")
        money.applicant_claim_set(actor=judge, case_id=case.pk, party=b, claim_amount="600000")
        one_of_each(1)
    client.force_login(judge)

    def grow():
        with on(dt.date(2026, 3, 1)):
            for n in (2, 3, 4):
                one_of_each(n)

    with on(TODAY):
        response = assert_constant_queries(lambda: dossier_page(client, case), grow)
    html = response.content.decode()
    assert html.count('class="auction-round"') == 4 and html.count('class="renewal"') == 4
    assert "线索4" in html and "房产4" in html


def test_my_dossiers_query_count_does_not_grow_with_the_cases(client, world):
    with on(dt.date(2026, 3, 1)):
        make_case(world, filed_on=dt.date(2026, 3, 1))
    client.force_login(world.judge)

    def grow():
        with on(dt.date(2026, 3, 1)):
            for _ in range(3):
                case = make_case(world, filed_on=dt.date(2026, 3, 1))
                money.payment_record(actor=world.judge, case_id=case.pk, amount="10.00", received_on=dt.date(2026, 3, 1))

    with on(TODAY):
        response = assert_constant_queries(lambda: client.get("/cases/mine/?sort=cash_ratio"), grow)
    assert response.content.decode().count("<tr data-case=") == 4

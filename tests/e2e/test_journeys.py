"""Every role's journey through the system in a real browser (issue #8, reliability): headless Chromium
through Playwright against the live server, each journey one continuous walk of one role, as that
user would do it — the navigation bar, the buttons and the form fields found by their Chinese labels.
Only what no user does by hand is done server-side: the set-up of earlier history, moving the clock
and running the daily escalation sweep.

Each journey ends with a full-page screenshot in test-artifacts/journeys/<name>.png and, once its
assertions held, counts itself in the reliability figures (tests/reliability.py).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from cases import services
from cases.clock import policy_in_force
from cases.models import CaseParty, ControlAction, EnforcementCase, Investigation
from cases.money import payment_record
from courts.models import EscalationPolicy
from tests.cases.dossier_helpers import SHANGHAI, register
from tests.e2e.test_designation_browser import logout, submit
from tests.e2e.test_registration_browser import CASE_NUMBER
from tests.factories import credit_code, registration, resident_id
from tests.reliability import tally
from tests.transfers.ladder_helpers import DAY0, at_day, sweep
from transfers.models import DesignationRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPLICANT = {"name": "张建国", "id_number": resident_id(seq=201), "phone": "13803110001"}
PERSON = {"name": "李明", "id_number": resident_id(seq=202), "phone": "13903110002", "address": "赞皇县赞皇镇建设路8号"}
COMPANY = {"name": "赞皇县恒达建材有限公司", "id_number": credit_code(2026), "phone": "031184220000",
           "address": "赞皇县工业园区3号", "legal_representative": "孙恒达"}
ACCOUNT = "中国工商银行赞皇县支行 6222020402000012345"


def D(value: str) -> Decimal:
    return Decimal(value)


def yuan(amount: Decimal) -> str:
    """An amount as the UI prints it (cases.templatetags.money.yuan)."""
    return f"¥{amount:,.2f}"


def field(scope, label: str):
    """The form control labelled ``label`` (a required field's label ends in ' *')."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def button(scope, name: str):
    return scope.get_by_role("button", name=name, exact=True)


def nav(page, *names: str) -> None:
    """Follow the navigation bar: a top entry, or a menu then its entry."""
    bar = page.locator("nav.navbar")
    for name in names[:-1]:  # a dropdown toggle (role=button)
        bar.get_by_role("button", name=name, exact=True).click()
    with page.expect_navigation():
        bar.get_by_role("link", name=names[-1], exact=True).click()


def shot(page, artifacts: Path, name: str) -> Path:
    folder = artifacts / "journeys"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, "an empty screenshot"
    return path


def ledger(page) -> dict[str, str]:
    return {key: page.inner_text(f"#ledger-{key}").strip() for key in ("target", "recovered", "disbursed", "held", "outstanding")}


def fill_party_row(page, index: int, kind: str, party: dict[str, str]) -> None:
    row = page.locator(f'#parties .party-row[data-index="{index}"]')
    field(row, "类型").select_option(label=kind)
    labels = {"name": "名称/姓名", "id_number": "证件号码", "phone": "电话", "address": "住所地",
              "legal_representative": "法定代表人"}
    for key, value in party.items():
        field(row, labels[key]).fill(value)


# --- 1. the clerk ----------------------------------------------------------------------------------
def test_journey_clerk_registers_a_case_against_a_person_and_a_company(e2e_world, live_server, page, login, artifacts):
    login("clerk")
    assert page.url.endswith("/cases/register/"), "a filing clerk lands on the registration form"
    form = page.locator("#register-form")
    field(form, "案由").select_option(label="民间借贷纠纷")
    field(form, "申请执行标的（元）").fill("48,765.43")
    field(form, "执行依据文号").fill("（2025）冀0129民初2468号")
    field(form, "文书类型").select_option(label="判决书")
    field(form, "作出机关").fill("赞皇县人民法院")
    field(form, "生效日期").fill("2025-06-02")
    field(form, "履行期限届满日").fill("2025-06-17")
    fill_party_row(page, 0, "自然人", APPLICANT)
    fill_party_row(page, 1, "自然人", PERSON)

    button(page.locator("#parties"), "+ 被执行人").click()  # htmx re-renders the party block with a third row
    page.wait_for_selector('#parties .party-row[data-index="2"]')
    assert field(page.locator('#parties .party-row[data-index="2"]'), "诉讼地位").input_value() == "respondent"
    assert field(page.locator('#parties .party-row[data-index="1"]'), "名称/姓名").input_value() == PERSON["name"]
    fill_party_row(page, 2, "法人/非法人组织", COMPANY)

    with page.expect_navigation():
        button(form, "立案").click()

    assert re.search(r"/cases/\d+/$", page.url), f"expected the new case's page, got {page.url}"
    number = page.inner_text("#case-number").strip()
    assert CASE_NUMBER.fullmatch(number), number
    assert "已立案" in page.inner_text("#case-status")
    rows = {cells[1].split("（")[0].strip(): cells
            for cells in (r.locator("td").all_inner_texts() for r in page.locator(".parties-table tbody tr").all())}
    assert set(rows) == {APPLICANT["name"], PERSON["name"], COMPANY["name"]}
    assert rows[APPLICANT["name"]][0] == "申请执行人"
    assert (rows[PERSON["name"]][0], rows[PERSON["name"]][2], rows[PERSON["name"]][3]) == ("被执行人", "自然人", PERSON["id_number"])
    assert (rows[COMPANY["name"]][0], rows[COMPANY["name"]][2], rows[COMPANY["name"]][3]) == (
        "被执行人", "法人/非法人组织", COMPANY["id_number"])
    assert COMPANY["legal_representative"] in rows[COMPANY["name"]][1]
    assert page.inner_text("#ledger-target").strip() == "¥48,765.43"
    assert number in page.inner_text(".timeline"), "the registration event names the case number"
    shot(page, artifacts, "clerk")

    case = EnforcementCase.objects.get(case_number=number)
    assert page.url.endswith(f"/cases/{case.pk}/") and case.target_amount == D("48765.43")
    assert sorted(CaseParty.objects.filter(case=case, role="respondent").values_list("party__kind", "party__name")) == [
        ("organisation", COMPANY["name"]), ("person", PERSON["name"])]
    tally("journeys", passed=1)


# --- 2. the judge ----------------------------------------------------------------------------------
def test_journey_judge_investigates_freezes_deducts_collects_pays_out_and_closes(e2e_world, live_server, page, login,
                                                                               artifacts):
    world = e2e_world
    parties = [services.PartyInput(role="applicant", kind="person", **APPLICANT),
               services.PartyInput(role="respondent", kind="person", **PERSON),
               services.PartyInput(role="respondent", kind="organisation", **COMPANY)]
    # The clerk's case of journey 1, as registered.
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, parties=parties,
                                                                          target_amount="48765.43"))
    target, found, paid_directly = D("48765.43"), D("30000.55"), D("18764.88")
    assert found + paid_directly == target

    login(case.handler.username)  # the judge the case was routed to
    assert page.url.endswith("/cases/mine/"), "a judge starts on 'my dossiers'"
    with page.expect_navigation():
        page.locator(".dossier-table").get_by_role("link", name=case.case_number).click()
    assert page.inner_text("#case-number").strip() == case.case_number
    assert "已立案" in page.inner_text("#case-status")
    assert ledger(page)["outstanding"] == yuan(target)

    # 1. Asset investigation: the deposit query finds an account of 李明.
    inv = page.locator("#investigation")
    button(inv, "登记调查事项").click()
    form = page.locator("#inv-form")
    form.wait_for(state="visible")
    field(form, "调查事项").select_option(label="存款")
    field(form, "结果").select_option(label="查有财产")
    field(form, "被执行人").select_option(label=PERSON["name"])
    field(form, "查询到的金额（元）").fill("30,000.55")
    field(form, "详情").fill(f"{ACCOUNT} 余额30,000.55元")
    submit(page, "#inv-form")
    item = Investigation.objects.get(case=case)
    row = page.locator(f'.investigation-table tr[data-item="{item.pk}"]')
    assert "查有财产" in row.inner_text() and yuan(found) in row.inner_text() and PERSON["name"] in row.inner_text()
    assert page.locator('#investigation .query-done[data-query="deposit"]').count() == 1
    assert "执行中" in page.inner_text("#case-status"), "the first dossier action starts enforcement"

    # 2. Control: freeze that account.
    button(page.locator("#controls"), "冻结/查封/扣押").click()
    form = page.locator("#ctl-form")
    form.wait_for(state="visible")
    field(form, "控制措施").select_option(label="冻结存款")
    field(form, "财产").fill(ACCOUNT)
    field(form, "冻结金额/财产价值（元）").fill("30000.55")
    field(form, "被执行人").select_option(label=PERSON["name"])
    submit(page, "#ctl-form")
    control = ControlAction.objects.get(case=case)
    row = page.locator(f"#control-{control.pk}")
    assert "冻结存款" in row.inner_text() and ACCOUNT in row.inner_text() and yuan(found) in row.inner_text()

    # 3. Deduction: the frozen money comes into the court's account.
    button(row, "办理").click()
    form = page.locator(f"#deduct-{control.pk}-form")
    form.wait_for(state="visible")
    field(form, "扣划金额（元）").fill("30,000.55")
    submit(page, f"#deduct-{control.pk}-form")
    assert ledger(page) == {"target": yuan(target), "recovered": yuan(found), "disbursed": "¥0.00",
                            "held": yuan(found), "outstanding": yuan(target - found)}

    # 4. The company pays the rest into the court's account.
    money = page.locator("#money")
    button(money, "登记到账").click()
    form = page.locator("#pay-form")
    form.wait_for(state="visible")
    field(form, "金额（元）").fill("18764.88")
    field(form, "来源").select_option(label="被执行人交付")
    field(form, "交款人").fill(COMPANY["name"])
    submit(page, "#pay-form")
    assert ledger(page) == {"target": yuan(target), "recovered": yuan(target), "disbursed": "¥0.00",
                            "held": yuan(target), "outstanding": "¥0.00"}
    payments = page.locator(".payments-table tbody tr").all_inner_texts()
    assert len(payments) == 2 and any(yuan(paid_directly) in p and COMPANY["name"] in p for p in payments), payments

    # 5. Disbursement: everything held goes to the applicant (preselected, the only one).
    button(money, "发放执行款").click()
    form = page.locator("#disb-form")
    form.wait_for(state="visible")
    assert field(form, "类型").locator("option:checked").inner_text() == "发放申请执行人"
    assert APPLICANT["name"] in field(form, "收款人").locator("option:checked").inner_text()
    field(form, "金额（元）").fill("48,765.43")
    submit(page, "#disb-form")
    assert ledger(page) == {"target": yuan(target), "recovered": yuan(target), "disbursed": yuan(target),
                            "held": "¥0.00", "outstanding": "¥0.00"}
    assert f"向{APPLICANT['name']}发放执行款{yuan(target)}" in page.inner_text(".timeline")

    # 6. Closure as performed: the live checklist says nothing stands in the way.
    form = page.locator("#close-form")
    field(form, "结案方式").select_option(label="执行完毕")
    page.wait_for_selector('#closure-checklist-body[data-closure-type="performed"] .closure-ready')
    field(form, "理由").fill("冻结存款已扣划，余款由被执行公司交付，执行款已全部发放申请执行人")
    submit(page, "#close-form")

    assert "已结案" in page.inner_text("#case-status")
    assert page.inner_text("#case-closure-type").strip() == "执行完毕"
    timeline = page.inner_text(".timeline")
    for step in (ACCOUNT, "冻结账户扣划", f"向{APPLICANT['name']}发放执行款", "已结案"):
        assert step in timeline, step
    shot(page, artifacts, "judge")

    case = EnforcementCase.objects.get(pk=case.pk)
    assert (case.status, case.closure_type) == ("closed", "performed")
    assert (case.recovered_amount, case.disbursed_amount, case.held_amount) == (target, target, D("0.00"))
    tally("journeys", passed=1)


# --- 3. the bureau chief ---------------------------------------------------------------------------
def test_journey_bureau_chief_shortens_the_escalation_limits(e2e_world, live_server, page, login, artifacts):
    world = e2e_world
    today = timezone.localdate()
    filed = today - dt.timedelta(days=70)  # under the default 90 days not yet due; under 60 days overdue
    with time_machine.travel(dt.datetime.combine(filed, dt.time(10), tzinfo=SHANGHAI), tick=False):
        stalled = register(world, filed_on=filed)
    assert stalled.escalation_due_on > today

    login("chief")
    nav(page, "交叉执行规则")
    assert page.inner_text("#policy-court").strip() == "赞皇县人民法院"
    assert page.inner_text("#policy-level0").strip() == "90天" and page.locator("#policy-default").count() == 1

    form = page.locator("#policy-form")
    assert field(form, "原承办人期限（第0级，天）").input_value() == "90"
    field(form, "生效日期").fill(today.isoformat())
    field(form, "原承办人期限（第0级，天）").fill("60")
    field(form, "团队内交叉期限（第1级，天）").fill("45")
    field(form, "团队间交叉期限（第2级，天）").fill("45")
    field(form, "调整理由").fill("积案较多，缩短交叉执行期限")
    with page.expect_navigation():
        button(form, "保存新版本").click()

    alerts = page.locator("main .alert").all_inner_texts()
    assert any(f"交叉执行规则已保存，自{today.isoformat()}起施行。" in a for a in alerts), alerts
    assert any("本院已有1件未结案件到期" in a for a in alerts), alerts  # the stalled case is now due
    assert [page.inner_text(f"#policy-level{n}").strip() for n in range(3)] == ["60天", "45天", "45天"]
    assert page.locator("#policy-default").count() == 0
    versions = page.locator("#policy-history tbody tr[data-policy]")
    assert versions.count() == 1
    cells = versions.first.locator("td").all_inner_texts()
    assert cells[:4] == [today.isoformat(), "60", "45", "45"]
    assert "积案较多" in cells[5] and "周局长" in cells[6] and "施行中" in cells[8]
    shot(page, artifacts, "chief")

    policy = policy_in_force(world.zanhuang.pk, today)
    assert (policy.level0_days, policy.level1_days, policy.level2_days) == (60, 45, 45)
    assert EscalationPolicy.objects.filter(court=world.zanhuang).count() == 1
    assert EnforcementCase.objects.get(pk=stalled.pk).escalation_due_on == filed + dt.timedelta(days=60)
    tally("journeys", passed=1)


# --- 4. the ladder ---------------------------------------------------------------------------------
def test_journey_ladder_to_the_intermediate_court_and_designation(e2e_world, live_server, page, login, artifacts):
    world = e2e_world
    parties = [services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=21)),
               services.PartyInput(role="respondent", kind="person", name="王富贵",
                                   id_number=resident_id(region="130132", seq=22))]
    with at_day(0, 9):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, parties=parties, filed_on=DAY0))
    # The clock runs on with no progress: on each day the limit runs out, the nightly sweep moves it a rung.
    steps = [sweep(n) for n in (90, 150, 210)]
    assert [len(s) for s in steps] == [1, 1, 1]
    escalated = EnforcementCase.objects.get(pk=case.pk)
    assert escalated.escalation_level == 3
    request = DesignationRequest.objects.get(case=case, status="pending")
    assert request.upper_court_id == world.sjz.pk

    # 石家庄中院's designation officer: the inbox, the request, the decision.
    login("officer")
    nav(page, "指定执行收件箱")
    row = page.locator(f'tr[data-request="{request.pk}"]')
    assert case.case_number in row.inner_text() and "王富贵" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("link", name="作出决定").click()
    ladder = page.inner_text("#ladder")
    for judge in ("赵法官", "钱法官", "孙法官"):
        assert judge in ladder, judge
    form = page.locator("#decide-form")
    form.get_by_label("指定执行：指定其他法院执行").check()
    field(form, "指定执行法院").select_option(label="元氏县人民法院")
    field(form, "理由").fill("被执行人户籍地在元氏县，指定元氏县人民法院执行")
    with page.expect_navigation():
        button(form, "作出决定").click()
    new = DesignationRequest.objects.get(pk=request.pk).new_case
    assert new is not None and new.court_id == world.yuanshi.pk
    assert page.inner_text("#new-case-link").strip() == new.case_number
    logout(page)

    # 元氏's judge: the new case in "my dossiers", with the history of the original.
    login("ys_judge")
    assert page.url.endswith("/cases/mine/")
    with page.expect_navigation():
        page.locator(".dossier-table").get_by_role("link", name=new.case_number).click()
    assert page.inner_text("#case-number").strip() == new.case_number
    assert re.fullmatch(r"（20\d\d）冀0132执\d+号", new.case_number)
    panel = page.locator("#escalation")
    assert panel.locator("#escalation-level").get_attribute("data-level") == "0", "a fresh start at the new court"
    history = panel.locator("#ladder").inner_text()
    for text in ("赵法官", "钱法官", "孙法官", "石家庄市中级人民法院", "元氏县人民法院"):
        assert text in history, text
    expect(panel.locator('li[data-type="step"]')).to_have_count(3)  # the three rungs of the original case
    link = panel.locator(f'a.ladder-case-link[href="/cases/{case.pk}/"]').first
    assert link.inner_text().strip() == case.case_number

    # The link leads to the original case, closed as transferred, which links forward; then back.
    with page.expect_navigation():
        link.click()
    assert page.inner_text("#case-number").strip() == case.case_number
    assert "已结案" in page.inner_text("#case-status")
    expect(page.locator(f'#escalation a.ladder-new-case[href="/cases/{new.pk}/"]')).to_have_count(1)  # the card arrives after the page (cases.panels)
    page.go_back()
    assert page.inner_text("#case-number").strip() == new.case_number
    shot(page, artifacts, "ladder")

    original = EnforcementCase.objects.get(pk=case.pk)
    assert (original.status, original.closure_type) == ("closed", "transferred")
    tally("journeys", passed=1)


# --- 5. the supervisor -----------------------------------------------------------------------------
def test_journey_supervisor_reads_the_dashboard_and_exports_it(e2e_world, live_server, page, login, artifacts, tmp_path):
    world = e2e_world
    today = timezone.localdate()
    received = {"赞皇县人民法院": [D("12345.67"), D("800.05")], "元氏县人民法院": [D("999.99")]}
    zh = [register(world, target="20000.00") for _ in received["赞皇县人民法院"]]
    ys = [register(world, target="20000.00", court=world.yuanshi, actor=world.ys_clerk)]
    for case, amount in zip([*zh, *ys], [*received["赞皇县人民法院"], *received["元氏县人民法院"]], strict=True):
        payment_record(actor=case.handler, case_id=case.pk, amount=str(amount), received_on=today)

    login("supervisor")
    nav(page, "统计报表", "执行看板")
    assert "/reports/dashboard/" in page.url
    headings = page.locator("#drilldown thead th").all_inner_texts()
    column = {key: index for index, key in enumerate(
        page.eval_on_selector_all("#drilldown thead th", "ths => ths.map(th => th.querySelector('a')?.dataset.sort || '')"))}
    rows = {r.locator("td").first.inner_text().strip(): r.locator("td").all_inner_texts()
            for r in page.locator("#drilldown tbody tr").all()}
    assert set(rows) == set(received), rows.keys()
    for court, amounts in received.items():
        assert rows[court][column["recovered"]].strip() == yuan(sum(amounts)), (court, headings)
        assert rows[court][column["new"]].strip() == str(len(amounts))
    page_total = page.locator("#drilldown tfoot td").all_inner_texts()[column["recovered"]].strip()
    assert page_total == yuan(sum(sum(a) for a in received.values()))

    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    sheet = load_workbook(path)["概览"]
    # The sheet's columns carry the page's column headings.
    titles = [headings[column[key]].strip() for key in ("new", "recovered")]
    lines = list(sheet.iter_rows(values_only=True))
    at = next(i for i, line in enumerate(lines) if line and all(t in line for t in titles))
    new, recovered = (lines[at].index(t) for t in titles)
    body = {line[0]: line for line in lines[at + 1:] if line and line[0]}
    for court in received:
        # The sheet's figure is the page's figure: the same Decimal to the cent, the same count.
        assert yuan(D(str(body[court][recovered])).quantize(D("0.01"))) == rows[court][column["recovered"]].strip()
        assert str(body[court][new]) == rows[court][column["new"]].strip()
    assert yuan(D(str(body["合计"][recovered])).quantize(D("0.01"))) == page_total
    shot(page, artifacts, "supervisor")
    tally("journeys", passed=1)

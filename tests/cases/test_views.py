"""The browser UI through Django's test client: Chinese pages, field errors, scoping, actions."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from cases import services
from cases.models import EnforcementCase
from tests.factories import registration, resident_id

pytestmark = pytest.mark.django_db


def _form(world, **overrides):
    data = {
        "court": world.zanhuang.pk, "cause": "sales_contract", "target_amount": "12,345.60",
        "basis_document_number": "（2025）冀0129民初88号", "basis_document_type": "judgment",
        "basis_issuing_court": "赞皇县人民法院", "basis_effective_date": "2025-05-01", "basis_performance_deadline": "2025-05-15",
        "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "0", "parties-MIN_NUM_FORMS": "0", "parties-MAX_NUM_FORMS": "200",
        "parties-0-role": "applicant", "parties-0-kind": "person", "parties-0-name": "张建国", "parties-0-id_number": resident_id(seq=11),
        "parties-1-role": "respondent", "parties-1-kind": "person", "parties-1-name": "李明", "parties-1-id_number": resident_id(seq=12),
        "save": "1",
    }
    data.update(overrides)
    return data


def test_login_page_is_in_chinese_and_assets_are_local(client):
    html = client.get("/login/").content.decode()
    assert "登录" in html and "用户名" in html
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets and all(a.startswith("/static/") for a in assets)


def test_clerk_lands_on_the_registration_form(client, world):
    client.force_login(world.clerk)
    response = client.get("/", follow=True)
    assert "执行案件立案登记" in response.content.decode()


def test_clerk_registers_through_the_form_and_sees_the_case_number(client, world):
    client.force_login(world.clerk)
    response = client.post("/cases/register/", _form(world), follow=True)
    case = EnforcementCase.objects.get()
    html = response.content.decode()
    assert case.case_number in html and "立案成功" in html
    assert str(case.target_amount) == "12345.60"


def test_bad_resident_id_shows_a_chinese_error_beside_the_field_and_saves_nothing(client, world):
    client.force_login(world.clerk)
    bad = resident_id(seq=12)
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    response = client.post("/cases/register/", _form(world, **{"parties-1-id_number": bad}))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="parties-1-id_number"' in html and "校验位不正确" in html
    assert "张建国" in html  # what was typed is kept
    assert EnforcementCase.objects.count() == 0


def test_negative_amount_and_deadline_before_effective_date_are_field_errors(client, world):
    client.force_login(world.clerk)
    response = client.post("/cases/register/", _form(world, target_amount="-3", basis_performance_deadline="2025-04-01"))
    html = response.content.decode()
    assert 'data-field="target_amount"' in html and "金额不能为负数" in html
    assert 'data-field="basis_performance_deadline"' in html and "不能早于生效日期" in html
    assert EnforcementCase.objects.count() == 0


def test_add_party_button_keeps_the_typed_data_and_adds_a_row(client, world):
    client.force_login(world.clerk)
    data = _form(world)
    data.pop("save")
    data["add_party"] = "respondent"
    response = client.post("/cases/register/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="parties-2-name"' in html and "李明" in html
    assert EnforcementCase.objects.count() == 0


def test_judge_of_another_court_gets_403_on_the_case_page(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.ys_judge)
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.post(f"/cases/{case.pk}/transition/", {"t-transition": "start"}).status_code == 403
    assert client.get("/cases/999999/").status_code == 404
    client.force_login(world.judge)
    assert client.get(f"/cases/{case.pk}/").status_code == 200


def test_case_page_shows_parties_timeline_and_audit(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.judge)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.case_number in html
    assert "李明" in html and "张建国" in html
    full_id = case.case_parties.get(role="respondent").party.id_number
    assert full_id in html  # the court's own judge sees the full ID on the dossier
    assert "办案节点" in html and "立案：" in html
    # The audit trail loads when its card comes into view (htmx), or as a page of its own.
    assert "操作日志" in html and f'hx-get="/cases/{case.pk}/audit/"' in html
    partial = client.get(f"/cases/{case.pk}/audit/", HTTP_HX_REQUEST="true").content.decode()
    assert "王立案" in partial and "<html" not in partial  # the clerk who created it
    page = client.get(f"/cases/{case.pk}/audit/").content.decode()
    assert "王立案" in page and case.case_number in page and "<html" in page


def test_dossier_shows_the_latest_events_and_loads_earlier_ones_on_demand(client, world):
    from cases.models import CaseEvent
    from cases.views import TIMELINE_PAGE

    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    base = case.events.count()
    start = timezone.now() - dt.timedelta(days=200)
    CaseEvent.objects.bulk_create([CaseEvent(case=case, kind="note", description=f"电话联系第{n}次",
                                             occurred_at=start + dt.timedelta(days=n)) for n in range(120)])
    client.force_login(world.judge)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    # newest first: the last notes are shown, the oldest are not, and a button brings the next page
    assert "电话联系第119次" in html and "电话联系第0次" not in html
    assert html.count('<li class="list-group-item" data-kind=') == TIMELINE_PAGE  # registration's events and 48 notes
    assert f'hx-get="/cases/{case.pk}/timeline/?offset={TIMELINE_PAGE}"' in html
    more = client.get(f"/cases/{case.pk}/timeline/?offset={TIMELINE_PAGE}", HTTP_HX_REQUEST="true").content.decode()
    assert more.count('<li class="list-group-item" data-kind="note"') == TIMELINE_PAGE and "<html" not in more
    last = client.get(f"/cases/{case.pk}/timeline/?offset={2 * TIMELINE_PAGE}", HTTP_HX_REQUEST="true").content.decode()
    assert "电话联系第0次" in last and "timeline-more" not in last  # the end: no further button
    assert last.count('<li class="list-group-item" data-kind=') == 120 + base - 2 * TIMELINE_PAGE
    # another court's judge gets neither
    client.force_login(world.ys_judge)
    assert client.get(f"/cases/{case.pk}/timeline/").status_code == 403
    assert client.get(f"/cases/{case.pk}/audit/").status_code == 403


def test_list_masks_ids_and_filters_by_party(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    full_id = case.case_parties.get(role="respondent").party.id_number
    client.force_login(world.judge)
    html = client.get("/cases/").content.decode()
    assert case.case_number in html and full_id not in html and full_id[:4] + "**" in html
    html = client.get("/cases/?party=王五").content.decode()
    assert case.case_number not in html and "没有符合条件的案件" in html


def test_judge_starts_and_closes_a_case_and_an_illegal_step_is_refused(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.judge)
    response = client.post(f"/cases/{case.pk}/transition/", {"t-transition": "resume"}, follow=True)
    assert "不能恢复执行" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "registered"
    client.post(f"/cases/{case.pk}/transition/", {"t-transition": "start"})
    # Closing goes through the closure form, not the generic status form.
    response = client.post(f"/cases/{case.pk}/transition/", {"t-transition": "close", "t-reason": "x"})
    assert response.status_code == 400 and 'data-field="t-transition"' in response.content.decode()
    response = client.post(f"/cases/{case.pk}/close/", {"close-closure_type": "terminated",
                                                          "close-reason": "申请执行人撤销执行申请"}, follow=True)
    case.refresh_from_db()
    assert (case.status, case.closure_type) == ("closed", "terminated")
    assert "终结执行" in response.content.decode()


def test_terminated_round_is_refused_until_the_checklist_is_complete(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
    client.force_login(world.judge)
    response = client.post(f"/cases/{case.pk}/close/", {"close-closure_type": "terminated_round", "close-reason": "无财产"})
    case.refresh_from_db()
    assert case.status == "in_progress" and response.status_code == 400
    html = response.content.decode()
    assert 'id="closure-refused"' in html and "执行通知书" in html and "无财产" in html  # what is missing, reason kept
    # the service refuses it too, whoever calls it
    from enforcement.errors import FieldErrors

    with pytest.raises(FieldErrors) as exc:
        services.case_transition(actor=world.judge, case_id=case.pk, transition="close",
                                 closure_type="terminated_round", reason="无财产")
    assert "enforcement_notice" in exc.value.errors["missing"]  # only through the 终本 checklist


def test_bureau_chief_reassigns_and_the_history_shows_it(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    target = world.judge3 if case.handler_id != world.judge3.pk else world.judge
    client.force_login(world.judge)
    assert client.post(f"/cases/{case.pk}/reassign/", {"r-handler": target.pk, "r-reason": "x"}).status_code == 403
    client.force_login(world.chief)
    response = client.post(f"/cases/{case.pk}/reassign/", {"r-handler": target.pk, "r-reason": ""})
    assert response.status_code == 400 and 'data-field="r-reason"' in response.content.decode()
    response = client.post(f"/cases/{case.pk}/reassign/", {"r-handler": target.pk, "r-reason": "均衡案件量"}, follow=True)
    case.refresh_from_db()
    assert case.handler == target
    html = response.content.decode()
    assert "承办人变更" in html and "均衡案件量" in html
    assert case.assignments.count() == 2 and case.assignments.filter(ended_at=None).get().handler == target


def test_case_page_query_count_does_not_grow_with_history(client, world):
    from tests.queries import assert_constant_queries
    from transfers.services import case_reassign

    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.chief)

    def grow():
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
        services.case_transition(actor=world.judge, case_id=case.pk, transition="suspend", reason="异议审查")
        services.case_transition(actor=world.judge, case_id=case.pk, transition="resume")
        other = world.judge3 if case.handler_id != world.judge3.pk else world.judge
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=other.pk, reason="调整")

    # the dossier page and its audit trail, together
    response = assert_constant_queries(lambda: (client.get(f"/cases/{case.pk}/"),
                                                client.get(f"/cases/{case.pk}/audit/", HTTP_HX_REQUEST="true"))[1], grow)
    html = response.content.decode()
    assert "承办人：" in html  # the audit shows the handler change by field label and names, not ids


def test_filter_choices_only_offer_what_the_user_can_see(client, world):
    client.force_login(world.judge)
    html = client.get("/cases/").content.decode()
    assert "赞皇县人民法院" in html and "元氏县人民法院" not in html
    assert world.ys_judge.full_name not in html  # another court's judge is not offered as handler
    # and asking for it anyway is an error on that field, not a leak
    response = client.get(f"/api/v1/cases/?handler={world.ys_judge.pk}")
    assert response.status_code == 400 and "handler" in response.json()


def test_sorting_is_stable_and_shared_by_ui_and_api(client, world):
    small = services.case_register(actor=world.clerk, data=registration(world.zanhuang, target_amount="100.00"))
    big = services.case_register(actor=world.clerk, data=registration(world.zanhuang, target_amount="900000.00"))
    client.force_login(world.judge)
    ids = [c["id"] for c in client.get("/api/v1/cases/?ordering=-target_amount").json()["results"]]
    assert ids == [big.pk, small.pk]
    html = client.get("/cases/?ordering=target_amount").content.decode()
    assert html.index(small.case_number) < html.index(big.case_number)


def test_assistant_sees_the_team_dossiers(client, world):
    from courts.models import Role, TeamRole
    from tests.factories import UserFactory, add_member

    assistant = UserFactory(role=Role.ASSISTANT, court=world.zanhuang, full_name="助理甲")
    add_member(world.zh_team1, assistant, TeamRole.ASSISTANT)
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert case.team == world.zh_team1
    client.force_login(assistant)
    response = client.get("/cases/mine/", follow=True)
    assert case.case_number in response.content.decode()


def test_all_registration_mistakes_are_shown_in_one_round(client, world):
    client.force_login(world.clerk)
    response = client.post("/cases/register/", _form(world, **{
        "parties-1-name": "", "target_amount": "abc", "parties-0-id_number": "123",
        "basis_performance_deadline": "2025-04-01",
    }))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="parties-1-name"' in html and "请填写名称/姓名" in html
    assert 'data-field="target_amount"' in html and "请输入以元为单位的数字" in html
    assert 'data-field="parties-0-id_number"' in html
    assert 'data-field="basis_performance_deadline"' in html
    assert html.count('data-field="parties-1-name"') == 1  # one message per field, not two
    assert EnforcementCase.objects.count() == 0


def test_closing_without_a_type_keeps_the_reason_and_marks_the_field(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
    client.force_login(world.judge)
    response = client.post(f"/cases/{case.pk}/close/", {"close-reason": "申请人撤回申请", "close-expected_status": "in_progress"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="close-closure_type"' in html and "请选择结案方式" in html and "申请人撤回申请" in html
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_clerk_sees_no_action_panel_and_error_pages_are_chinese(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="transition-form"' not in html
    assert client.post(f"/cases/{case.pk}/transition/", {"t-transition": "start"}).status_code == 403
    client.force_login(world.ys_judge)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 403 and "该案件属于其他法院" in response.content.decode()
    assert "李明" not in response.content.decode()
    response = client.get("/cases/424242/")
    assert response.status_code == 404 and "返回案件查询" in response.content.decode()


def test_dossier_shows_messages_to_the_applicant_with_their_state(client, world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.judge)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "告知申请执行人" in html and "待发送" in html and case.case_number in html
    client.force_login(world.supervisor)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "13803110001" not in html and "138****0001" in html  # the upper court sees it masked

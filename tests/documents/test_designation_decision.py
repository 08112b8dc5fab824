"""The 指定执行决定书 / 提级执行 decision (documents.designation): written in the document's own words from the
designation request — the ladder's days without substantive progress, the requesting bureau chief's reason,
the upper court acting of its own motion — with the decision, its legal basis and a number of its own; never
the system's labels; who generates and downloads it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from documents.services import document_generate, may_download
from enforcement.errors import FieldErrors
from tests.cases.dossier_helpers import on
from tests.documents.helpers import docx_text, pdf_text, stored
from tests.transfers.ladder_helpers import at_day, register_on_day0, sweep, upper_team
from transfers import designation
from transfers.models import DesignationRequest

pytestmark = pytest.mark.django_db
NUMBER = "（2026）冀0129执1号"
BASIS = ("依照《中华人民共和国民事诉讼法》第二百三十七条、《最高人民法院关于人民法院执行工作若干问题的规定（试行）》、"
         "《最高人民法院关于交叉执行工作的指导意见》的规定，决定如下：")


def flat(text: str) -> str:
    return "".join(text.split())


def texts(document) -> list[str]:
    return [pdf_text(stored(document, "pdf")), flat(docx_text(stored(document, "docx")))]


def no_system_wording(text: str) -> None:
    for internal in ("第3级", "Level", "报请上级法院指定执行：", "期限60天", "本院依法进行了审查", "（（", "））", "移送破产"):
        assert internal not in text, internal


def test_a_ladder_request_reads_as_days_without_substantive_progress_with_the_decision_and_its_basis(world):
    case = register_on_day0(world)
    assert len(sweep(90)) == 1 and len(sweep(150)) == 1  # level 1 (same team), level 2 (other team)
    [step] = sweep(210)  # level 3: the request to 石家庄中院
    request = DesignationRequest.objects.get(case=case)
    assert request.source == "ladder" and "60" in request.reason  # the system's note: "…: 60 days …, limit 60 days"
    with at_day(215):
        request = designation.designation_decide(actor=world.officer, request_id=request.pk, decision="designate",
                                                 target_court_id=world.yuanshi.pk, reason="")
    with at_day(216):
        document = document_generate(actor=world.officer, case_id=case.pk, kind="designation_decision")
    new_number = request.new_case.case_number
    for text in texts(document):
        no_system_wording(text)
        assert ("赞皇县人民法院执行的（2026）冀0129执1号申请执行人张建国与被执行人李明民间借贷纠纷一案，原执行法院立案执行后，"
                f"经该院内部交叉执行，仍连续{step.days_without_progress}日未取得实质性进展，报请本院提级执行或者指定执行。") in text
        assert ("本院认为，为依法保障申请执行人的合法权益，排除执行中可能存在的干扰，提高执行效率，该案由元氏县人民法院执行为宜。"
                + BASIS) in text
        assert f"一、指定元氏县人民法院执行（2026）冀0129执1号一案（元氏县人民法院执行案号：{new_number}）；" in text
        assert ("二、赞皇县人民法院已采取的查封、扣押、冻结等控制措施继续有效，由元氏县人民法院接续办理；赞皇县人民法院应当将执行案卷材料"
                "移送元氏县人民法院，并依照《最高人民法院关于执行案件立案、结案若干问题的意见》的规定办理结案手续。") in text
        # Its own number: the upper court's first decision of the year, in its 执他 sequence.
        assert "执行决定书（2026）冀01执他1号" in text
        assert "二〇二六年八月八日" in text  # the day of the decision (day 215)


def test_a_request_by_the_bureau_chief_gives_its_reason_and_the_numbers_follow_the_decisions(world):
    first, second = register_on_day0(world), register_on_day0(world)
    with at_day(20):
        requests = [designation.designation_request_create(actor=world.chief, case_id=c.pk, reason=reason)
                    for c, reason in ((first, "被执行人系本县重点企业，存在干扰执行风险。"), (second, "被执行人在元氏县有房产"))]
    with at_day(25):
        designation.designation_decide(actor=world.officer, request_id=requests[1].pk, decision="designate",
                                       target_court_id=world.yuanshi.pk, reason="被执行人的主要财产位于元氏县，由元氏县人民法院执行便于处置")
    with at_day(26):
        designation.designation_decide(actor=world.officer, request_id=requests[0].pk, decision="designate",
                                       target_court_id=world.yuanshi.pk, reason="")
    with at_day(30):
        later = document_generate(actor=world.chief, case_id=first.pk, kind="designation_decision")
        earlier = document_generate(actor=world.officer, case_id=second.pk, kind="designation_decision")
        again = document_generate(actor=world.officer, case_id=first.pk, kind="designation_decision")
    assert (later.data["decision_number"], earlier.data["decision_number"]) == ("（2026）冀01执他2号", "（2026）冀01执他1号")
    assert again.version == 2 and again.data["decision_number"] == "（2026）冀01执他2号"  # stable over versions
    text = texts(later)[0]
    no_system_wording(text)
    assert "民间借贷纠纷一案，该院报请本院提级执行或者指定执行，理由为：被执行人系本县重点企业，存在干扰执行风险。本院认为，" in text
    other = texts(earlier)[0]
    assert "理由为：被执行人在元氏县有房产。本院认为，被执行人的主要财产位于元氏县，由元氏县人民法院执行便于处置。依照" in other


def test_the_upper_court_elevating_of_its_own_motion(world):
    case = register_on_day0(world)
    team = upper_team(world)
    with at_day(20):
        request = designation.designation_request_create(actor=world.officer, case_id=case.pk, reason="上级督办案件")
    with at_day(22):
        request = designation.designation_decide(actor=world.officer, request_id=request.pk, decision="elevate",
                                                 team_id=team.pk, reason="")
        document = document_generate(actor=world.officer, case_id=case.pk, kind="designation_decision")
    for text in texts(document):
        no_system_wording(text)
        assert "民间借贷纠纷一案，本院依职权对该案进行审查，事由为：上级督办案件。本院认为，" in text
        assert f"一、（2026）冀0129执1号一案由本院执行（本院执行案号：{request.new_case.case_number}）；" in text
        assert "由本院接续办理" in text


def test_who_generates_and_downloads_the_decision(world, english, as_user):
    case = register_on_day0(world)
    with on(2026, 6, 15), pytest.raises(FieldErrors) as caught:
        document_generate(actor=world.judge, case_id=case.pk, kind="designation_decision")
    assert "No decision to elevate or designate" in caught.value.errors["kind"][0]
    with at_day(20):
        request = designation.designation_request_create(actor=world.chief, case_id=case.pk, reason="被执行人系本县重点企业")
    with at_day(25):
        request = designation.designation_decide(actor=world.officer, request_id=request.pk, decision="designate",
                                                 target_court_id=world.yuanshi.pk, reason="")
        by_officer = document_generate(actor=world.officer, case_id=case.pk, kind="designation_decision")
        by_new_court = document_generate(actor=world.ys_judge, case_id=request.new_case.pk, kind="designation_decision")
        notice = document_generate(actor=world.ys_judge, case_id=request.new_case.pk, kind="enforcement_notice")
    assert by_officer.case_id == case.pk and by_new_court.case_id == request.new_case.pk
    for user in (world.supervisor, world.clerk):  # the upper court's reader, the original court's filing clerk
        with pytest.raises(PermissionDenied):
            document_generate(actor=user, case_id=case.pk, kind="designation_decision")
    # The deciding officer downloads the decision on either case, not the receiving court's other documents.
    assert may_download(world.officer, request.new_case, "designation_decision")
    assert not may_download(world.officer, request.new_case, notice.kind)
    assert not may_download(world.supervisor, case, "designation_decision")
    assert may_download(world.clerk, case, "designation_decision") and may_download(world.ys_judge, request.new_case, "enforcement_notice")
    officer = as_user(world.officer)
    new_documents = f"/api/v1/cases/{request.new_case.pk}/documents/"
    assert officer.get(f"/api/v1/cases/{case.pk}/documents/{by_officer.pk}/download/docx/").status_code == 200
    assert officer.get(f"{new_documents}{by_new_court.pk}/download/").status_code == 200
    assert officer.get(f"{new_documents}{notice.pk}/download/").status_code == 403
    listed = {d["kind"]: d["can_download"] for d in officer.get(new_documents).json()["results"]}
    assert listed == {"designation_decision": True, "enforcement_notice": False}

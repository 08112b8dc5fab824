"""Generating a case's documents (documents.services.document_generate): a version is one generation of a
kind, its PDF and DOCX rendered together from one snapshot; the files, their checksums, the timeline event,
who may generate; the PDFs carry real Chinese text (read back with pypdf) and the DOCX files open in
python-docx with the case's number and parties — in the words a court prints."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from cases import closure, dossier, money
from cases.models import CaseEvent, EventKind
from documents import interest
from documents.models import DocumentFile, GeneratedDocument
from documents.selectors import case_interest_defaults
from documents.services import document_generate
from enforcement.errors import FieldErrors
from tests.cases.dossier_helpers import on, respondent_id
from tests.documents.conftest import make_case
from tests.documents.helpers import docx_text, pdf_footers, pdf_pages, pdf_text, stored
from tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db
NUMBER = "（2026）冀0129执1号"


def generate(world, case, kind, user=None, **kw) -> GeneratedDocument:
    return document_generate(actor=user or world.judge, case_id=case.pk, kind=kind, **kw)


def serve_notice(world, case, day=dt.date(2026, 3, 5)):
    with on(day.year, day.month, day.day):
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="enforcement_notice", done_on=day)


def flat(text: str) -> str:
    return "".join(text.split())


# --- versions ---------------------------------------------------------------------------------------------
def test_a_version_is_one_generation_with_its_pdf_and_docx_showing_the_same_version(world, case, media_root):
    with on(2026, 6, 15):
        first = generate(world, case, "enforcement_notice")
        second = generate(world, case, "enforcement_notice", user=world.chief)
        other = generate(world, case, "asset_report_order")
    assert [(d.kind, d.version) for d in (first, second, other)] == [
        ("enforcement_notice", 1), ("enforcement_notice", 2), ("asset_report_order", 1)]
    assert (second.generated_by, first.generated_by) == (world.chief, world.judge)
    for document in (first, second, other):
        files = {f.format: f for f in document.files.all()}
        assert set(files) == {"pdf", "docx"}, "one generation makes both files"
        for file in files.values():
            body = stored(file)
            assert file.size == len(body) and file.checksum == hashlib.sha256(body).hexdigest()
            assert (media_root / file.file.name).is_file()
        assert document.data["case_number"] == NUMBER and document.data["version"] == document.version
        # Both files print the same version in their footer: they are one version of the document.
        footer = f"{NUMBER}·执行通知书·第{document.version}版" if document.kind == "enforcement_notice" else "第1版"
        assert all(footer in line for line in pdf_footers(stored(document, "pdf")))
        assert footer in flat(docx_text(stored(document, "docx"), footers=True))
    assert {f.display_name for f in second.files.all()} == {f"{NUMBER}执行通知书（第2版）.pdf", f"{NUMBER}执行通知书（第2版）.docx"}
    assert set(pdf_footers(stored(second, "pdf"))) == {f"{NUMBER}·执行通知书·第2版"}  # on every page
    assert "第2版" not in flat(docx_text(stored(first, "docx"), footers=True))
    assert first.data["applicant_names"] == "张建国" and first.data["respondent_names"] == "李明"
    assert first.data["date"] == "二〇二六年六月十五日"
    events = CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).order_by("pk")
    assert [e.data["document"] for e in events] == [first.pk, second.pk, other.pk]
    assert all(not e.is_substantive for e in events), "a document is not substantive progress"
    assert events[1].actor == world.chief and events[1].data["version"] == 2
    assert set(events[1].data["checksums"]) == {"pdf", "docx"}


@pytest.mark.parametrize("kind, phrases", [
    ("enforcement_notice", ["执行通知书", "依照《中华人民共和国民事诉讼法》第二百五十一条", "一、被告李明于本判决生效之日起十日内偿还原告张建国借款85000元",
                            "加倍支付迟延履行期间的债务利息（自2025年3月17日起计算至实际履行之日止）", "承办人：赵法官",
                            "申请执行人张建国与你民间借贷纠纷一案", "责令你自收到本通知之日起"]),
    ("asset_report_order", ["报告财产令", "收到执行通知之日前一年", "（四）债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利",
                            "本院将根据情节轻重对你予以罚款、拘留"]),
    ("consumption_restriction", ["限制消费令", "被执行人：李明，", "1980年5月17日出生，公民身份号码：", "（九）乘坐G字头动车组列车全部座位",
                                 "本院于2026年3月5日向被执行人送达执行通知书，被执行人未按执行通知书指定的期间履行"]),
])
def test_pdf_renders_the_chinese_text_with_parties_and_case_number(world, case, kind, phrases):
    serve_notice(world, case)
    with on(2026, 6, 15):
        document = generate(world, case, kind)
    body = stored(document, "pdf")
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    for phrase in ["赞皇县人民法院", NUMBER, "张建国", "李明", "二〇二六年六月十五日", *phrases]:
        assert flat(phrase) in text, phrase
    assert "你（单位）" not in text, "a person is addressed as 你"


@pytest.mark.parametrize("kind", ["enforcement_notice", "asset_report_order", "consumption_restriction", "interest_statement"])
def test_docx_opens_in_python_docx_with_case_number_and_parties_and_no_tag_left(world, case, kind):
    serve_notice(world, case)
    with on(2026, 6, 15):
        document = generate(world, case, kind)
    text = docx_text(stored(document, "docx"), footers=True)
    for phrase in ("赞皇县人民法院", NUMBER, "张建国", "李明", "二〇二六年六月十五日", "第1版"):
        assert phrase in text, phrase
    assert "{{" not in text and "{%" not in text and "你（单位）" not in text


def test_an_organisation_is_addressed_as_your_unit_and_its_identifiers_are_labelled_as_printed(world):
    """你单位 for an organisation; 组织机构代码：10520314-6 (hyphen before the check character), never the form's
    label "组织机构代码（2015年前）"."""
    from cases import services
    from tests.factories import credit_code, registration

    data = registration(world.zanhuang)
    data.parties = [
        services.PartyInput(role="applicant", kind="organisation", name="石家庄某某银行股份有限公司", id_type="credit_code",
                            id_number=credit_code(seq=7), legal_representative="赵一"),
        services.PartyInput(role="respondent", kind="organisation", name="赞皇县某某建材厂", id_type="org_code",
                            id_number="10520314-6", address="赞皇县城关镇建设路8号", legal_representative="李二"),
    ]
    with on(2026, 3, 2):
        case = services.case_register(actor=world.clerk, data=data)
    serve_notice(world, case)
    with on(2026, 6, 15):
        notice = generate(world, case, "enforcement_notice", user=world.chief)
        order = generate(world, case, "asset_report_order", user=world.chief)
        restriction = generate(world, case, "consumption_restriction", user=world.chief)
    text = pdf_text(stored(notice, "pdf"))
    assert "与你单位民间借贷纠纷一案" in text and "责令你单位自收到本通知之日起" in text and "你（单位）" not in text
    order_text = pdf_text(stored(order, "pdf"))
    assert "对你单位或者你单位的主要负责人、直接责任人员予以罚款、拘留" in order_text
    restriction_text = pdf_text(stored(restriction, "pdf")) + flat(docx_text(stored(restriction, "docx")))
    assert "被执行人：赞皇县某某建材厂，住所地赞皇县城关镇建设路8号，组织机构代码：10520314-6。" in restriction_text
    assert "2015年前" not in restriction_text
    assert f"统一社会信用代码：{data.parties[0].id_number}" in "".join(p["line"] for p in notice.data["applicants"])


def test_a_name_with_xml_characters_is_escaped_in_the_docx(world):
    case = make_case(world)
    from cases.models import Party

    Party.objects.filter(case_links__case=case, case_links__role="applicant").update(name="张建国 & <合伙>")
    with on(2026, 6, 15):
        document = generate(world, case, "enforcement_notice")
    assert "申请执行人张建国 & <合伙>与你" in docx_text(stored(document, "docx"))


def test_interest_statement_uses_the_basis_and_every_payment_to_the_chosen_date(world, case):
    with on(2026, 4, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="35000.00", received_on=dt.date(2026, 4, 1))
    with on(2026, 6, 15):
        document = generate(world, case, "interest_statement", target_date=dt.date(2026, 6, 30))
    expected = interest.calculate(case_interest_defaults(case).as_input(target_date=dt.date(2026, 6, 30)))
    # 85,000.00 from 2025-03-17 to 2026-04-01 (381 days): 85,000 × 0.0175% × 381 = 5,667.375 → 5,667.38;
    # 35,000.00 pays principal first; 50,000.00 to 2026-06-30 (90 days): 50,000 × 0.0175% × 90 = 787.50.
    assert [line.interest for line in expected.lines] == [Decimal("5667.38"), Decimal("787.50")]
    assert expected.amount_due == Decimal("56454.88")
    snapshot = document.data["interest"]
    assert (snapshot["amount_due"], snapshot["interest_total"], snapshot["target_date"]) == ("56,454.88", "6,454.88", "2026年6月30日")
    text = pdf_text(stored(document, "pdf"))
    for phrase in ("迟延履行期间的债务利息计算表", NUMBER, "张建国", "李明", "2025年3月17日至2026年4月1日", "5,667.38", "787.50",
                   "合计人民币56,454.88元", "伍万陆仟肆佰伍拾肆元捌角捌分", "先本金后利息"):
        assert phrase in text, phrase


def test_interest_statement_refused_when_a_payment_predates_the_deadline(world, english):
    case = make_case(world, deadline=dt.date(2026, 5, 1))
    with on(2026, 4, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="1000.00", received_on=dt.date(2026, 4, 1))
    with on(2026, 6, 15), pytest.raises(FieldErrors) as caught:
        generate(world, case, "interest_statement")
    assert "before the performance deadline (2026-05-01)" in caught.value.errors["kind"][0]
    assert GeneratedDocument.objects.count() == 0


# --- who generates -----------------------------------------------------------------------------------------
def test_only_those_who_work_the_case_generate_and_nothing_is_written_otherwise(world, case, media_root, english):
    """The handler, the judges and assistants of the case's team and the bureau chief; not the filing clerk, not a
    judge of another team, not the upper court's readers, not another court."""
    assistant = UserFactory(username="assistant", full_name="吴助理", role="assistant", court=world.zanhuang)
    add_member(world.zh_team1, assistant)
    for user in (world.clerk, world.judge3, world.supervisor, world.officer, world.ys_judge):
        with pytest.raises(PermissionDenied) as caught:
            generate(world, case, "enforcement_notice", user=user)
        assert "Only those who work the case generate its documents" in str(caught.value), user
    assert GeneratedDocument.objects.count() == 0 and DocumentFile.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))
    with on(2026, 6, 15):
        versions = [generate(world, case, "enforcement_notice", user=user).version
                    for user in (world.judge, world.judge2, assistant, world.chief)]
    assert versions == [1, 2, 3, 4]


def test_unknown_kind_is_a_field_error(world, case, english):
    with pytest.raises(FieldErrors) as caught:
        generate(world, case, "verdict")
    assert caught.value.errors == {"kind": ["Choose a document."]}


# --- notices on a closed case; the consumption restriction after notice -----------------------------------
@pytest.mark.parametrize("kind", ["enforcement_notice", "asset_report_order"])
def test_a_closed_case_gets_no_enforcement_notice_or_order_to_declare_assets(world, case, kind, english):
    with on(2026, 3, 20):
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="withdrawn", reason="申请执行人撤回执行申请")
    with on(2026, 6, 15), pytest.raises(FieldErrors) as caught:
        generate(world, case, kind)
    assert caught.value.errors == {"kind": [
        f"Case {NUMBER} is closed (Withdrawn): an enforcement notice or an order to declare assets can no longer be issued."]}
    assert GeneratedDocument.objects.count() == 0


def test_a_consumption_restriction_needs_the_enforcement_notice_served_first(world, case, english):
    with on(2026, 6, 15), pytest.raises(FieldErrors) as caught:
        generate(world, case, "consumption_restriction")
    assert caught.value.errors["kind"][0].startswith("The enforcement notice has not been served yet")
    assert GeneratedDocument.objects.count() == 0
    serve_notice(world, case, dt.date(2026, 3, 9))
    with on(2026, 6, 15):
        document = generate(world, case, "consumption_restriction")
    assert "本院于2026年3月9日向被执行人送达执行通知书，被执行人未按执行通知书指定的期间履行" in pdf_text(stored(document, "pdf"))


# --- 要素式终本裁定书 ---------------------------------------------------------------------------------------
def _complete_dossier(world, case, day=dt.date(2026, 3, 5), *, deposit=None):
    rid = respondent_id(case)
    with on(day.year, day.month, day.day):
        for kind in ("enforcement_notice", "asset_report_order"):
            dossier.procedure_record(actor=world.judge, case_id=case.pk, kind=kind, done_on=day)
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction", respondent=rid,
                              issued_on=day, reason="未按执行通知履行")
        for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
            if category == "deposit" and deposit:
                dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result="found",
                                             queried_on=day, details=deposit[0], found_amount=deposit[1])
                continue
            dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result="none",
                                         queried_on=day, details=f"{category}查询无结果")
        dossier.investigation_record(actor=world.judge, case_id=case.pk, category="applicant_lead", result="none",
                                     queried_on=day, details="申请执行人称被执行人在石家庄有商铺，经查询不动产登记无记录")
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="applicant_informed", done_on=day,
                                 applicant_opinion="申请执行人同意终结本次执行程序")


def test_termination_ruling_refused_until_the_checklist_is_complete(world, case, english):
    with on(2026, 6, 15), pytest.raises(FieldErrors) as caught:
        generate(world, case, "termination_ruling")
    message = caught.value.errors["kind"][0]
    assert message.startswith("The 终本 checklist is not complete:") and "执行通知书" in message
    assert GeneratedDocument.objects.count() == 0


def test_termination_ruling_lists_every_investigation_item_and_its_result(world, case):
    _complete_dossier(world, case)
    with on(2026, 6, 10):
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round",
                           reason="经穷尽财产调查措施，未发现可供执行的财产",
                           facts=closure.TerminationFacts(blacklist_not_applicable_reason="被执行人系残疾人，无履行能力"))
    with on(2026, 6, 12):
        document = generate(world, case, "termination_ruling")
    items = document.data["investigations"]
    assert [i["item"] for i in items] == ["存款", "不动产", "车辆", "证券", "工商登记及股权", "申请执行人提供的线索", "社保/养老金", "户籍"]
    assert {i["result"] for i in items} == {"未发现可供执行的财产"}
    assert document.data["blacklist_not_applicable_reason"] == "被执行人系残疾人，无履行能力"
    for text in (pdf_text(stored(document, "pdf")), docx_text(stored(document, "docx"))):
        text = flat(text)
        for phrase in ("执行裁定书", NUMBER, "张建国", "李明", "终结本次执行程序。", "2026年3月5日", "申请执行人同意终结本次执行程序",
                       "经查询不动产登记无记录", "未纳入失信被执行人名单的理由：被执行人系残疾人，无履行能力", "本裁定送达后立即生效",
                       "向李明发出限制消费令", "审判员赵法官", *[i["item"] for i in items]):
            assert flat(phrase) in text, phrase
    # One row per item in the DOCX table, each with its result (the PDF's wrapped cells read back interleaved).
    table = next(t for t in docx.Document(io.BytesIO(stored(document, "docx"))).tables if t.rows[0].cells[0].text == "序号")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [(r[1], r[5]) for r in rows] == [(i["item"], "未发现可供执行的财产") for i in items]


def test_termination_ruling_says_what_the_dossier_records_dated_the_closure_day(world, case):
    """The judge's reason why the assets cannot be disposed of stands as a sentence of its own, its amounts as
    元; the conditions say why the respondent was not listed, say nothing of obstruction none was recorded,
    end with 。 not ；, and the ruling is dated the day the case was closed, not the day it was printed."""
    _complete_dossier(world, case, deposit=("中国农业银行赞皇支行活期账户", "279.52"))
    reason = "已扣划被执行人银行存款¥279.52，未发现其他可供执行财产；被执行人名下车辆下落不明，未能实际扣押，无法处置"
    with on(2026, 6, 10):
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason="终本",
                           facts=closure.TerminationFacts(blacklist_not_applicable_reason="被执行人系残疾人，无履行能力",
                                                          undisposable_reason=reason))
    with on(2026, 7, 20):
        document = generate(world, case, "termination_ruling")
    for text in (pdf_text(stored(document, "pdf")), flat(docx_text(stored(document, "docx")))):
        assert ("本院认为，本案经穷尽财产调查措施，发现的被执行人财产暂不能处置，申请执行人亦未能提供其他可供执行的财产线索。"
                "已扣划被执行人银行存款279.52元，未发现其他可供执行财产；被执行人名下车辆下落不明，未能实际扣押，无法处置。"
                "经核查，本案已符合下列终结本次执行程序的条件：") in text
        assert "¥" not in text and "因已扣划" not in text and "暂不能处置，暂不能处置" not in text
        assert "2．已对被执行人采取限制消费措施；被执行人未被纳入失信被执行人名单，理由是：被执行人系残疾人，无履行能力；" in text
        assert "妨碍执行" not in text and "妨害执行的行为" not in text and "下落不明，已依法予以查找" not in text
        assert "5．已约谈申请执行人，告知本案执行情况、财产调查情况及终结本次执行程序的依据和法律后果，并听取其意见。依照" in text
        assert "二〇二六年六月十日" in text and "二〇二六年七月二十日" not in text


def test_termination_ruling_names_the_sanctions_for_obstruction_when_there_were_some(world, case):
    _complete_dossier(world, case)
    rid = respondent_id(case)
    with on(2026, 3, 6):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                              issued_on=dt.date(2026, 3, 6), reason="有履行能力而拒不履行")
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="fine", respondent=rid, amount="5000.00",
                              issued_on=dt.date(2026, 3, 6), reason="拒不报告财产")
    with on(2026, 6, 10):
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason="终本",
                           facts=closure.TerminationFacts(obstruction=True))
    with on(2026, 6, 12):
        conditions = generate(world, case, "termination_ruling").data["conditions"]
    assert conditions == [
        "1．已向被执行人发出执行通知书，并责令被执行人报告财产；",
        "2．已对被执行人采取限制消费措施，并将被执行人纳入失信被执行人名单；",
        "3．已穷尽财产调查措施，未发现被执行人有可供执行的财产，申请执行人亦未能提供其他可供执行的财产线索；",
        "4．自立案之日起已超过三个月；",
        "5．对妨害执行的行为已依法予以罚款；",
        "6．已约谈申请执行人，告知本案执行情况、财产调查情况及终结本次执行程序的依据和法律后果，并听取其意见。",
    ]


def test_termination_ruling_keeps_its_signature_block_on_one_page_with_the_last_paragraph(world, case):
    """However long the ruling, the last page never holds the clerk's line alone: 本裁定送达后立即生效, the judge,
    the date, the seal, 本件与原本核对无异 and the clerk stay together."""
    from documents.rendering import render_pdf

    _complete_dossier(world, case)
    with on(2026, 6, 10):
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason="终本",
                           facts=closure.TerminationFacts(blacklist_not_applicable_reason="被执行人系残疾人，无履行能力"))
    with on(2026, 6, 12):
        data = generate(world, case, "termination_ruling").data
    # Lengthen the applicant's opinion a line or two at a time so that the page break sweeps over the block.
    for extra in range(0, 16):
        opinion = "申请执行人同意终结本次执行程序。" + "申请执行人表示将继续查找被执行人的财产线索，发现后申请恢复执行。" * extra
        data["applicant_informed"] = [{"date": "2026年3月5日", "opinion": opinion}]
        pages = pdf_pages(render_pdf("termination_ruling", data))
        last = next(page for page in pages if "书记员" in page)
        for phrase in ("本裁定送达后立即生效。", "审判员赵法官", "二〇二六年六月十日", "（院印）", "本件与原本核对无异"):
            assert phrase in last, (extra, len(pages), phrase)


def test_termination_ruling_may_be_drafted_before_closing_once_the_checklist_is_met(world, case):
    _complete_dossier(world, case)
    rid = respondent_id(case)
    with on(2026, 3, 6):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                              issued_on=dt.date(2026, 3, 6), reason="有履行能力而拒不履行")
    with on(2026, 6, 10):
        document = generate(world, case, "termination_ruling")
    assert document.data["blacklistings"] and "纳入失信被执行人名单" in document.data["blacklistings"][0]
    assert document.data["date"] == "二〇二六年六月十日"  # a draft: dated the day it is drafted


# --- the templates ---------------------------------------------------------------------------------------
def test_every_docx_template_variable_is_in_the_document_data(world, case):
    """A misspelt variable would print as nothing: each template asks only for what the data holds."""
    from docxtpl import DocxTemplate

    from documents.rendering import docx_template

    _complete_dossier(world, case)
    with on(2026, 3, 6):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=respondent_id(case),
                              issued_on=dt.date(2026, 3, 6), reason="有履行能力而拒不履行")
    with on(2026, 6, 15):
        for kind in ("enforcement_notice", "asset_report_order", "consumption_restriction", "interest_statement",
                     "termination_ruling"):
            document = generate(world, case, kind)
            asked = DocxTemplate(str(docx_template(kind))).get_undeclared_template_variables()
            assert asked <= set(document.data), (kind, asked - set(document.data))


def test_a_court_edits_a_template_in_word_and_its_copy_is_used(world, case, settings, tmp_path):
    import docx as python_docx

    from documents.docx_templates import BUILT_IN_DIR

    settings.DOCUMENT_TEMPLATE_DIR = tmp_path / "own"
    settings.DOCUMENT_TEMPLATE_DIR.mkdir()
    edited = python_docx.Document(str(BUILT_IN_DIR / "asset_report_order.docx"))
    edited.add_paragraph("本院地址：赞皇县城关镇法院街1号　邮编051230")
    edited.save(str(settings.DOCUMENT_TEMPLATE_DIR / "asset_report_order.docx"))
    with on(2026, 6, 15):
        text = docx_text(stored(generate(world, case, "asset_report_order"), "docx"))
        other = docx_text(stored(generate(world, case, "enforcement_notice"), "docx"))
    assert "本院地址：赞皇县城关镇法院街1号" in text and NUMBER in text
    assert "本院地址" not in other  # the other documents keep the built-in templates


def test_the_build_command_writes_six_templates_that_docxtpl_reads(tmp_path):
    from django.core.management import call_command
    from docxtpl import DocxTemplate

    call_command("build_doc_templates", output=tmp_path, stdout=io.StringIO())
    written = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert written == sorted(f"{kind}.docx" for kind in (
        "enforcement_notice", "asset_report_order", "consumption_restriction", "termination_ruling",
        "designation_decision", "interest_statement"))
    for path in tmp_path.glob("*.docx"):
        assert {"court_name", "case_number", "date", "version"} <= DocxTemplate(str(path)).get_undeclared_template_variables()


# --- versions under concurrency -------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_concurrent_generations_get_consecutive_versions(world):
    case = make_case(world)
    versions, errors = [], []
    barrier = threading.Barrier(5)

    def run():
        try:
            barrier.wait(timeout=30)
            versions.append(generate(world, case, "asset_report_order").version)
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(versions) == [1, 2, 3, 4, 5]
    assert DocumentFile.objects.filter(document__case=case).count() == 10

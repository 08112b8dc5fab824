"""Generating a case's documents (documents.services.document_generate): versions per kind, the file, its
checksum and data snapshot, the timeline event, who may generate; the PDFs carry real Chinese text (read
back with pypdf) and the DOCX files open in python-docx with the case's number and parties."""

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
from documents.models import GeneratedDocument
from documents.selectors import case_interest_defaults
from documents.services import document_generate
from enforcement.errors import FieldErrors
from tests.cases.dossier_helpers import on, respondent_id
from tests.documents.conftest import make_case
from tests.documents.helpers import docx_text, pdf_text, stored

pytestmark = pytest.mark.django_db
NUMBER = "（2026）冀0129执1号"


def generate(world, case, kind, fmt="pdf", user=None, **kw) -> GeneratedDocument:
    return document_generate(actor=user or world.judge, case_id=case.pk, kind=kind, format=fmt, **kw)


def test_each_generation_is_the_next_version_of_its_kind_with_file_checksum_snapshot_and_event(world, case, media_root):
    with on(2026, 6, 15):
        first = generate(world, case, "enforcement_notice", "pdf")
        second = generate(world, case, "enforcement_notice", "docx", user=world.clerk)
        other = generate(world, case, "asset_report_order", "pdf")
    assert [(d.kind, d.version, d.format) for d in (first, second, other)] == [
        ("enforcement_notice", 1, "pdf"), ("enforcement_notice", 2, "docx"), ("asset_report_order", 1, "pdf")]
    assert (second.generated_by, first.generated_by) == (world.clerk, world.judge)
    assert second.display_name == f"{NUMBER}执行通知书（第2版）.docx"
    for document in (first, second, other):
        body = stored(document)
        assert document.size == len(body) and document.checksum == hashlib.sha256(body).hexdigest()
        assert (media_root / document.file.name).is_file()
        assert document.data["case_number"] == NUMBER and document.data["version"] == document.version
    assert first.data["applicant_names"] == "张建国" and first.data["respondent_names"] == "李明"
    assert first.data["date"] == "二〇二六年六月十五日"
    events = CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).order_by("pk")
    assert [e.data["document"] for e in events] == [first.pk, second.pk, other.pk]
    assert all(not e.is_substantive for e in events), "a document is not substantive progress"
    assert events[1].actor == world.clerk and events[1].data["version"] == 2


@pytest.mark.parametrize("kind, phrases", [
    ("enforcement_notice", ["执行通知书", "依照《中华人民共和国民事诉讼法》第二百五十一条", "一、被告李明于本判决生效之日起十日内偿还原告张建国借款85000元",
                            "加倍支付迟延履行期间的债务利息（自2025年3月17日起计算至实际履行之日止）", "承办人：赵法官"]),
    ("asset_report_order", ["报告财产令", "收到执行通知之日前一年", "（四）债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利"]),
    ("consumption_restriction", ["限制消费令", "被执行人：李明，", "1980年5月17日出生，公民身份号码", "（九）乘坐G字头动车组列车全部座位"]),
])
def test_pdf_renders_the_chinese_text_with_parties_and_case_number(world, case, kind, phrases):
    with on(2026, 6, 15):
        document = generate(world, case, kind, "pdf")
    body = stored(document)
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    for phrase in ["赞皇县人民法院", NUMBER, "张建国", "李明", "二〇二六年六月十五日", *phrases]:
        assert "".join(phrase.split()) in text, phrase


@pytest.mark.parametrize("kind", ["enforcement_notice", "asset_report_order", "consumption_restriction", "interest_statement"])
def test_docx_opens_in_python_docx_with_case_number_and_parties_and_no_tag_left(world, case, kind):
    with on(2026, 6, 15):
        document = generate(world, case, kind, "docx")
    text = docx_text(stored(document))
    for phrase in ("赞皇县人民法院", NUMBER, "张建国", "李明", "二〇二六年六月十五日"):
        assert phrase in text, phrase
    assert "{{" not in text and "{%" not in text


def test_a_name_with_xml_characters_is_escaped_in_the_docx(world):
    case = make_case(world)
    from cases.models import Party

    Party.objects.filter(case_links__case=case, case_links__role="applicant").update(name="张建国 & <合伙>")
    with on(2026, 6, 15):
        document = generate(world, case, "enforcement_notice", "docx")
    assert "申请执行人张建国 & <合伙>与你（单位）" in docx_text(stored(document))


def test_interest_statement_uses_the_basis_and_every_payment_to_the_chosen_date(world, case):
    with on(2026, 4, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="35000.00", received_on=dt.date(2026, 4, 1))
    with on(2026, 6, 15):
        document = generate(world, case, "interest_statement", "pdf", target_date=dt.date(2026, 6, 30))
    expected = interest.calculate(case_interest_defaults(case).as_input(target_date=dt.date(2026, 6, 30)))
    # 85,000.00 from 2025-03-17 to 2026-04-01 (381 days): 85,000 × 0.0175% × 381 = 5,667.375 → 5,667.38;
    # 35,000.00 pays principal first; 50,000.00 to 2026-06-30 (90 days): 50,000 × 0.0175% × 90 = 787.50.
    assert [line.interest for line in expected.lines] == [Decimal("5667.38"), Decimal("787.50")]
    assert expected.amount_due == Decimal("56454.88")
    snapshot = document.data["interest"]
    assert (snapshot["amount_due"], snapshot["interest_total"], snapshot["target_date"]) == ("56,454.88", "6,454.88", "2026年6月30日")
    text = pdf_text(stored(document))
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


def test_only_staff_of_the_case_court_generate_and_nothing_is_written_otherwise(world, case, media_root):
    for user in (world.supervisor, world.officer, world.ys_judge):
        with pytest.raises(PermissionDenied):
            generate(world, case, "enforcement_notice", user=user)
    assert GeneratedDocument.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))
    with on(2026, 6, 15):
        assert generate(world, case, "enforcement_notice", user=world.chief).version == 1  # the bureau chief may


def test_unknown_kind_or_format_is_a_field_error(world, case, english):
    with pytest.raises(FieldErrors) as caught:
        generate(world, case, "verdict", "odt")
    assert caught.value.errors == {"kind": ["Choose a document."], "format": ["Choose DOCX or PDF."]}


# --- 要素式终本裁定书 ---------------------------------------------------------------------------------------
def _complete_dossier(world, case, day=dt.date(2026, 3, 5)):
    rid = respondent_id(case)
    with on(day.year, day.month, day.day):
        for kind in ("enforcement_notice", "asset_report_order"):
            dossier.procedure_record(actor=world.judge, case_id=case.pk, kind=kind, done_on=day)
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction", respondent=rid,
                              issued_on=day, reason="未按执行通知履行")
        for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
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
        pdf = generate(world, case, "termination_ruling", "pdf")
        word = generate(world, case, "termination_ruling", "docx")
    items = pdf.data["investigations"]
    assert [i["item"] for i in items] == ["存款", "不动产", "车辆", "证券", "工商登记及股权", "申请执行人提供的线索", "社保/养老金", "户籍"]
    assert {i["result"] for i in items} == {"未发现可供执行的财产"}
    assert pdf.data["blacklist_not_applicable_reason"] == "被执行人系残疾人，无履行能力"
    for text in (pdf_text(stored(pdf)), docx_text(stored(word))):
        flat = "".join(text.split())
        for phrase in ("执行裁定书", NUMBER, "张建国", "李明", "终结本次执行程序。", "2026年3月5日", "申请执行人同意终结本次执行程序",
                       "经查询不动产登记无记录", "未纳入失信被执行人名单的理由：被执行人系残疾人，无履行能力", "本裁定送达后立即生效",
                       "向李明发出限制消费令", "审判员赵法官", *[i["item"] for i in items]):
            assert "".join(phrase.split()) in flat, phrase
    # One row per item in the DOCX table, each with its result (the PDF's wrapped cells read back interleaved).
    table = next(t for t in docx.Document(io.BytesIO(stored(word))).tables if t.rows[0].cells[0].text == "序号")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [(r[1], r[5]) for r in rows] == [(i["item"], "未发现可供执行的财产") for i in items]


def test_termination_ruling_may_be_drafted_before_closing_once_the_checklist_is_met(world, case):
    _complete_dossier(world, case)
    rid = respondent_id(case)
    with on(2026, 3, 6):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                              issued_on=dt.date(2026, 3, 6), reason="有履行能力而拒不履行")
    with on(2026, 6, 10):
        document = generate(world, case, "termination_ruling", "pdf")
    assert document.data["blacklistings"] and "纳入失信被执行人名单" in document.data["blacklistings"][0]


# --- 指定执行决定书 ---------------------------------------------------------------------------------------
def test_designation_decision_after_the_upper_court_designated_another_court(world, case, english):
    from transfers import designation

    with on(2026, 6, 15), pytest.raises(FieldErrors) as caught:
        generate(world, case, "designation_decision")
    assert "No decision to elevate or designate" in caught.value.errors["kind"][0]
    with on(2026, 6, 15):
        request = designation.designation_request_create(actor=world.chief, case_id=case.pk, reason="被执行人系本县重点企业，存在干扰执行风险")
    with on(2026, 6, 20):
        request = designation.designation_decide(actor=world.officer, request_id=request.pk, decision="designate",
                                                 target_court_id=world.yuanshi.pk, reason="")
    new_number = request.new_case.case_number
    with on(2026, 6, 22):
        by_officer = generate(world, case, "designation_decision", "pdf", user=world.officer)  # the upper court decides
        by_new_court = generate(world, request.new_case, "designation_decision", "docx", user=world.ys_judge)
    assert by_officer.case_id == case.pk and by_new_court.case_id == request.new_case.pk
    assert by_officer.data["date"] == "二〇二六年六月二十日"  # the decision's date, not the day it was printed
    for text in (pdf_text(stored(by_officer)), docx_text(stored(by_new_court))):
        flat = "".join(text.split())
        for phrase in ("石家庄市中级人民法院", "执行决定书", NUMBER, new_number, "赞皇县人民法院", "元氏县人民法院", "张建国", "李明",
                       "因被执行人系本县重点企业，存在干扰执行风险", f"{NUMBER}案件由元氏县人民法院执行"):
            assert phrase in flat, phrase
    from docxtpl import DocxTemplate

    from documents.rendering import docx_template

    assert DocxTemplate(str(docx_template("designation_decision"))).get_undeclared_template_variables() <= set(by_new_court.data)
    with pytest.raises(PermissionDenied):
        generate(world, case, "designation_decision", user=world.supervisor)  # upper court, but does not decide


# --- versions under concurrency -------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_concurrent_generations_get_consecutive_versions(world):
    case = make_case(world)
    versions, errors = [], []
    barrier = threading.Barrier(5)

    def run():
        try:
            barrier.wait(timeout=30)
            versions.append(generate(world, case, "asset_report_order", "docx").version)
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
            document = generate(world, case, kind, "docx")
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
        text = docx_text(stored(generate(world, case, "asset_report_order", "docx")))
        other = docx_text(stored(generate(world, case, "enforcement_notice", "docx")))
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
        assert {"court_name", "case_number", "date"} <= DocxTemplate(str(path)).get_undeclared_template_variables()

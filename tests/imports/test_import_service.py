"""Importing a legacy ledger (imports.services): what lands in the database, and what is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases import services as case_services
from cases.identifiers import resident_id_key
from cases.models import (
    CaseEvent,
    CaseNumberCounter,
    CaseParty,
    Disbursement,
    EnforcementCase,
    Party,
    Payment,
)
from cases.selectors import case_audit_trail
from imports.models import ImportedCase, ImportJob, ImportStatus
from tests.factories import registration
from tests.imports.helpers import (
    case_row,
    company_id,
    person_id,
    reasons,
    run_import,
    write_csv,
    write_xlsx,
    zh,
)
from transfers.models import Assignment

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def ledger(world) -> list[dict]:
    """Five cases of 赞皇县人民法院 covering what a ledger carries."""
    return [
        # An open case with its handler and money partly recovered.
        case_row(101, **{"已执行到位金额（元）": "20000.50", "承办人": "赵法官"}),
        # Closed, performed in full; the respondent holds a first-generation (15-digit) card.
        case_row(102, **{"案件状态": "已结", "结案方式": "执行完毕", "结案日期": dt.date(2021, 9, 30),
                         "已执行到位金额（元）": "85000.00", "被执行人证件号码": person_id(205, old=True)}),
        # 终本, an organisation respondent and a second respondent in the same row.
        case_row(103, **{"结案方式": "终结本次执行程序", "结案日期": dt.date(2022, 1, 15),
                         "被执行人": "赞皇县某某建材有限公司；李四", "被执行人类型": "法人；自然人",
                         "被执行人证件号码": f"{company_id(7)}；{person_id(207)}",
                         "被执行人联系电话": "0311-86688888；13903110002", "被执行人住所地": "赞皇县工业园；赞皇县院头镇",
                         "被执行人法定代表人": "王某；"}),
        # A livelihood case (wages) filed in 2022, open, no handler.
        case_row(4, year=2022, 案由="追索劳动报酬纠纷", **{"申请执行标的（元）": "12345.67"}),
        # A resumed case (执恢) of 2021.
        case_row(9, 案号="（2021）冀0129执恢9号", **{"申请执行标的（元）": "5000"}),
    ]


def test_a_valid_ledger_imports_every_case_with_its_numbers_parties_money_and_status(world, tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", ledger(world))

    job = run_import(path, actor=world.clerk, court=world.zanhuang)

    assert job.status == ImportStatus.DONE, job.message
    assert (job.total_rows, job.created_cases, job.error_count, job.open_cases, job.unassigned_cases) == (5, 5, 0, 3, 2)
    assert job.created_parties == 11 and job.reused_parties == 0
    cases = {c.case_number: c for c in EnforcementCase.objects.filter(import_link__job=job)}
    assert sorted(cases) == ["（2021）冀0129执101号", "（2021）冀0129执102号", "（2021）冀0129执103号",
                             "（2021）冀0129执恢9号", "（2022）冀0129执4号"]

    open_case = cases["（2021）冀0129执101号"]
    assert (open_case.status, open_case.closure_type, open_case.closed_on) == ("in_progress", "", None)
    assert (open_case.year, open_case.type_code, open_case.seq, open_case.filed_on) == (2021, "执", 101, dt.date(2021, 3, 4))
    assert open_case.target_amount == Decimal("85000.00") and open_case.recovered_amount == Decimal("20000.50")
    assert open_case.outstanding_amount == Decimal("64999.50")
    assert (open_case.disbursed_amount, open_case.held_amount, open_case.held_since) == (Decimal("20000.50"), Decimal("0.00"), None)
    assert open_case.handler == world.judge and open_case.team == world.zh_team1
    assert open_case.basis.document_number == "（2020）冀0129民初101号" and open_case.basis.document_type == "judgment"
    # Derived columns, as EnforcementCase.save and cases.clock would set them: the 6-month limit from the
    # day after filing; the escalation clock from the day the case arrived (today), 90 days at level 0.
    assert open_case.limit_on == dt.date(2021, 9, 4)
    assert (open_case.escalation_level, open_case.clock_from, open_case.escalation_due_on) == (0, dt.date(2025, 6, 2), dt.date(2025, 8, 31))
    assert open_case.registered_by == world.clerk
    assignment = Assignment.objects.get(case=open_case)
    assert (assignment.handler, assignment.team, assignment.ended_at) == (world.judge, world.zh_team1, None)
    payment = Payment.objects.get(case=open_case)
    assert (payment.amount, payment.received_on, payment.source) == (Decimal("20000.50"), dt.date(2025, 6, 2), "other")
    disbursement = Disbursement.objects.get(case=open_case)
    assert (disbursement.amount, disbursement.payee.name) == (Decimal("20000.50"), "申请人101")

    performed = cases["（2021）冀0129执102号"]
    assert (performed.status, performed.closure_type, performed.closed_on) == ("closed", "performed", dt.date(2021, 9, 30))
    assert performed.escalation_due_on is None and performed.outstanding_amount == Decimal("0.00")
    assert Payment.objects.get(case=performed).received_on == dt.date(2021, 9, 30)
    old_card = CaseParty.objects.get(case=performed, role="respondent").party
    assert old_card.id_number == person_id(205, old=True) and len(old_card.id_number) == 15
    assert old_card.id_key == "ric:" + resident_id_key(old_card.id_number)

    terminated = cases["（2021）冀0129执103号"]
    assert (terminated.closure_type, terminated.termination_checklist_complete) == ("terminated_round", None)
    respondents = list(CaseParty.objects.filter(case=terminated, role="respondent").order_by("position")
                       .values_list("party__name", "party__kind", "party__id_type", "party__phone", "party__legal_representative"))
    assert respondents == [("赞皇县某某建材有限公司", "organisation", "credit_code", "0311-86688888", "王某"),
                           ("李四", "person", "resident_id", "13903110002", "")]

    wages = cases["（2022）冀0129执4号"]
    assert wages.is_livelihood and wages.handler is None and wages.target_amount == Decimal("12345.67")
    assert not Assignment.objects.filter(case=wages).exists()
    assert cases["（2021）冀0129执恢9号"].type_code == "执恢"

    # One timeline event per case, saying where it came from.
    events = CaseEvent.objects.filter(case=open_case)
    assert [e.kind for e in events] == ["registered"]
    assert f"#{job.pk}" in events[0].description and events[0].data["row"] == 2 and events[0].actor == world.clerk
    assert ImportedCase.objects.filter(job=job).count() == 5


def test_the_audit_trail_shows_who_imported_each_case_and_the_job(world, tmp_path):
    job = run_import(write_xlsx(tmp_path / "l.xlsx", ledger(world)[:1]), actor=world.clerk, court=world.zanhuang)
    case = EnforcementCase.objects.get(import_link__job=job)

    trail = case_audit_trail(case=case)
    created = {(e["object"], e["action"], e["user"]) for e in trail}
    reason = zh("Imported from the legacy ledger (import #%(n)d)", n=job.pk)
    assert {e["reason"] for e in trail if e["action"] == "created"} == {reason[:100]}
    objects = {o for o, action, user in created if action == "created" and user == "王立案"}
    assert {str(EnforcementCase._meta.verbose_name), str(CaseParty._meta.verbose_name), str(Party._meta.verbose_name),
            str(Payment._meta.verbose_name), str(Disbursement._meta.verbose_name)} <= objects
    assert case.history.count() == 1 and case.history.get().history_user == world.clerk
    # The job's own record: uploaded, started, finished — by the uploader.
    assert [h.history_change_reason for h in job.history.order_by("history_id")] == [
        zh("Uploaded"), zh("Validation started"), zh("Finished")]


def test_one_bad_row_among_many_imports_nothing_and_reports_that_row(world, tmp_path):
    rows = [case_row(n) for n in range(1, 31)]
    bad_id = person_id(2 * 17)[:17] + ("0" if person_id(2 * 17)[17] != "0" else "1")
    rows[16]["申请执行人证件号码"] = bad_id  # row 18 of the sheet (the header is row 1)

    job = run_import(write_xlsx(tmp_path / "l.xlsx", rows), actor=world.clerk, court=world.zanhuang)

    assert job.status == ImportStatus.FAILED
    assert (job.total_rows, job.error_count, job.created_cases) == (30, 1, 0)
    assert reasons(job) == [(18, "申请执行人证件号码", zh("The ID number's check digit is wrong; please check for a typo."))]
    assert job.errors[0][2] == bad_id
    assert job.message == zh("%(bad)d of %(rows)d rows have errors: nothing was imported. Correct them and upload the file again.",
                             bad=1, rows=30)
    assert EnforcementCase.objects.count() == 0 and Party.objects.count() == 0 and CaseEvent.objects.count() == 0
    assert not CaseNumberCounter.objects.exists()


def test_every_bad_row_is_reported_with_its_column_and_reason(world, tmp_path):
    rows = [
        case_row(1, 案由="借钱纠纷"),
        case_row(2, 立案日期="2021-13-01"),
        case_row(3, 案号="（2021）冀0130执3号"),
        case_row(4, **{"案件状态": "已结"}),
        case_row(5, **{"已执行到位金额（元）": "90000"}),
        case_row(6, 承办人="钱某某"),
        case_row(7, 案号="（2020）冀0129执7号"),
        case_row(8, **{"被执行人": "甲；乙", "被执行人证件号码": person_id(900)}),
    ]
    job = run_import(write_xlsx(tmp_path / "l.xlsx", rows), actor=world.clerk, court=world.zanhuang)

    assert job.status == ImportStatus.FAILED and job.created_cases == 0
    assert reasons(job) == [
        (2, "案由", zh("Unknown cause of action “%(value)s”: use a name from the list (see the template's code table).",
                      value="借钱纠纷")),
        (3, "立案日期", zh("Not a date: write it like 2021-03-04.")),
        (4, "案号", zh("The case number is another court's (%(prefix)s); this court's numbers carry %(own)s.",
                      prefix="冀0130", own="冀0129")),
        (5, "结案方式", zh("Enter the closure type of a closed case.")),
        (5, "结案日期", zh("Enter the closing date of a closed case.")),
        (6, "已执行到位金额（元）", zh("The amount recovered cannot exceed the amount applied for.")),
        (7, "承办人", zh("No judge of this court is called “%(value)s”.", value="钱某某")),
        (8, "案号", zh("The year of the case number (%(year)d) is not the year of the filing date (%(filed)d).",
                      year=2020, filed=2021)),
        (9, "被执行人证件号码", zh("%(n)d values for %(m)d names: list one value per party, in the order of the names, "
                                  "separated by “；”.", n=1, m=2)),
        (9, "被执行人住所地", zh("%(n)d values for %(m)d names: list one value per party, in the order of the names, "
                                "separated by “；”.", n=1, m=2)),
    ]


def test_duplicate_case_numbers_in_the_file_and_in_the_database_are_refused(world, tmp_path):
    first = run_import(write_xlsx(tmp_path / "a.xlsx", [case_row(5)]), actor=world.clerk, court=world.zanhuang)
    assert first.status == ImportStatus.DONE

    rows = [case_row(5), case_row(6), case_row(7), case_row(6, 被执行人="另一人", **{"被执行人证件号码": person_id(500)})]
    job = run_import(write_xlsx(tmp_path / "b.xlsx", rows), actor=world.clerk, court=world.zanhuang)

    assert job.status == ImportStatus.FAILED
    assert reasons(job) == [
        (2, "案号", zh("This case number is already in the system.")),
        (5, "案号", zh("The same case number is in row %(row)d.", row=3)),
    ]
    assert EnforcementCase.objects.count() == 1


def test_an_existing_party_is_reused_not_duplicated_and_a_name_clash_is_an_error(world, tmp_path):
    registered = case_services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    debtor = CaseParty.objects.get(case=registered, role="respondent").party  # 李明
    rows = [case_row(11, 被执行人="李明", **{"被执行人证件号码": debtor.id_number}),
            case_row(12, 被执行人="李明", **{"被执行人证件号码": debtor.id_number})]

    job = run_import(write_xlsx(tmp_path / "a.xlsx", rows), actor=world.clerk, court=world.zanhuang)

    assert job.status == ImportStatus.DONE and job.reused_parties == 1 and job.created_parties == 2
    assert Party.objects.filter(id_key=debtor.id_key).count() == 1
    assert set(CaseParty.objects.filter(party=debtor).values_list("case__case_number", flat=True)) == {
        registered.case_number, "（2021）冀0129执11号", "（2021）冀0129执12号"}

    clash = run_import(write_xlsx(tmp_path / "b.xlsx", [case_row(13, 被执行人="李明明", **{"被执行人证件号码": debtor.id_number})]),
                       actor=world.clerk, court=world.zanhuang)
    assert reasons(clash) == [(2, "被执行人证件号码", zh(
        "This ID number is already registered to “%(name)s”. Check the ID number, or use that name.", name="李明"))]


def test_one_id_number_under_two_names_within_the_file_is_refused(world, tmp_path):
    shared = person_id(777)
    rows = [case_row(1, **{"被执行人证件号码": shared}), case_row(2, **{"被执行人证件号码": shared})]  # 被执行人1 / 被执行人2
    job = run_import(write_xlsx(tmp_path / "a.xlsx", rows), actor=world.clerk, court=world.zanhuang)
    assert reasons(job) == [(3, "被执行人证件号码", zh("The same ID number is given to “%(name)s” in row %(row)d.",
                                                       name="被执行人1", row=2))]


def test_the_next_registration_takes_the_number_after_the_highest_imported(world, tmp_path):
    rows = [case_row(7, year=2025), case_row(30, year=2025), case_row(12, year=2025)]
    job = run_import(write_xlsx(tmp_path / "a.xlsx", rows), actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.DONE
    assert CaseNumberCounter.objects.get(court=world.zanhuang, year=2025, type_code="执").last_seq == 30

    case = case_services.case_register(actor=world.clerk, data=registration(world.zanhuang, filed_on=dt.date(2025, 6, 1)))
    assert case.case_number == "（2025）冀0129执31号"


def test_an_import_never_lowers_a_counter_already_past_its_numbers(world, tmp_path):
    for _n in range(3):
        case_services.case_register(actor=world.clerk, data=registration(world.zanhuang, filed_on=dt.date(2025, 5, 1)))
    job = run_import(write_xlsx(tmp_path / "a.xlsx", [case_row(2, year=2025)]), actor=world.clerk, court=world.zanhuang)
    assert reasons(job) == [(2, "案号", zh("This case number is already in the system."))]
    job = run_import(write_xlsx(tmp_path / "b.xlsx", [case_row(1, year=2024)]), actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.DONE
    assert CaseNumberCounter.objects.get(court=world.zanhuang, year=2025, type_code="执").last_seq == 3


def test_a_gb18030_csv_from_chinese_excel_imports(world, tmp_path):
    rows = [case_row(1, **{"已执行到位金额（元）": "1,000.00"}), case_row(2, 案由="机动车交通事故责任纠纷")]
    path = write_csv(tmp_path / "旧台账.csv", rows, encoding="gb18030")
    assert "民间借贷纠纷".encode("gb18030") in path.read_bytes()

    job = run_import(path, actor=world.clerk, court=world.zanhuang)

    assert job.status == ImportStatus.DONE, job.errors
    assert job.file_format == "csv" and job.created_cases == 2
    case = EnforcementCase.objects.get(case_number="（2021）冀0129执2号")
    assert case.cause == "traffic_accident" and case.is_livelihood
    assert EnforcementCase.objects.get(case_number="（2021）冀0129执1号").recovered_amount == Decimal("1000.00")


def test_a_utf8_csv_with_bom_and_headers_in_another_order_imports(world, tmp_path):
    headers = ["被执行人", "被执行人证件号码", "申请执行人证件号码", "申请执行人", "案号", "立案日期", "案由",
               "申请执行标的（元）", "执行依据文号", "执行依据种类", "执行依据作出机构", "执行依据生效日期", "原系统备注"]
    job = run_import(write_csv(tmp_path / "a.csv", [case_row(3)], headers=headers), actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.DONE and job.created_cases == 1


def test_validation_only_writes_nothing(world, tmp_path):
    job = run_import(write_xlsx(tmp_path / "a.xlsx", [case_row(1), case_row(2)]), actor=world.clerk,
                     court=world.zanhuang, dry_run=True)
    assert job.status == ImportStatus.DONE and job.created_cases == 0
    assert job.message == zh("All %(rows)d rows are valid. Nothing was imported (validation only).", rows=2)
    assert not EnforcementCase.objects.exists()


def test_a_file_without_the_required_columns_fails_with_their_names(world, tmp_path):
    job = run_import(write_xlsx(tmp_path / "a.xlsx", [case_row(1)], headers=["案号", "立案日期", "申请执行人", "被执行人"]),
                     actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.FAILED
    assert job.message == zh("Required columns are missing: %(columns)s.",
                             columns="案由、申请执行标的（元）、执行依据文号、执行依据种类、执行依据作出机构、执行依据生效日期")


def test_a_file_that_is_not_a_workbook_fails_cleanly(world, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"PK not really a zip")
    job = run_import(path, actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.FAILED
    assert job.message == zh("The file is not an Excel workbook (.xlsx). An old .xls file must first be saved as .xlsx or .csv.")


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(world, tmp_path):
    from imports import services

    job = run_import(write_xlsx(tmp_path / "a.xlsx", [case_row(1)]), actor=world.clerk, court=world.zanhuang)
    assert services.import_job_run(job_id=job.pk) is None
    assert EnforcementCase.objects.count() == 1
    assert ImportJob.objects.get(pk=job.pk).finished_at == job.finished_at


def test_a_job_whose_worker_died_is_sent_again_and_then_runs(world, tmp_path):
    from imports import services
    from tests.imports.helpers import upload

    job = upload(write_xlsx(tmp_path / "a.xlsx", [case_row(1)]), actor=world.clerk, court=world.zanhuang)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, celery_task_id="t-1",
                                               heartbeat_at=timezone.now() - dt.timedelta(minutes=11))
    assert services.import_jobs_stalled() == [job.pk]
    services.import_job_run(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE


def test_every_reference_the_import_writes_points_at_a_row(world, tmp_path):
    """On PostgreSQL as a superuser the import switches the foreign-key triggers off for speed: check
    the references it wrote the way VALIDATE CONSTRAINT would, for every foreign key of every table."""
    from django.db import connection

    from imports.models import ImportedCase

    rows = ledger(world)
    registered = case_services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    debtor = CaseParty.objects.get(case=registered, role="respondent").party
    rows.append(case_row(50, 被执行人="李明", **{"被执行人证件号码": debtor.id_number, "承办人": "孙法官"}))
    job = run_import(write_xlsx(tmp_path / "l.xlsx", rows), actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.DONE and job.reused_parties == 1

    models = [Party, EnforcementCase, CaseParty, CaseEvent, Payment, Disbursement, Assignment, ImportedCase]
    models += [m.history.model for m in models if hasattr(m, "history")]
    quote = connection.ops.quote_name
    checked = 0
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if not field.is_relation or not getattr(field, "db_constraint", False):
                    continue
                parent = field.related_model._meta
                cursor.execute(
                    f"SELECT count(*) FROM {quote(model._meta.db_table)} c WHERE c.{quote(field.column)} IS NOT NULL AND "
                    f"NOT EXISTS (SELECT 1 FROM {quote(parent.db_table)} p WHERE p.{quote(parent.pk.column)} = "
                    f"c.{quote(field.column)})")
                assert cursor.fetchone()[0] == 0, f"{model._meta.db_table}.{field.column} points at nothing"
                checked += 1
    assert checked >= 20


def test_where_the_triggers_may_not_be_switched_off_they_check_the_import(world, tmp_path, monkeypatch):
    from imports import services

    calls = []
    monkeypatch.setattr(services, "_without_reference_triggers", lambda: calls.append(1) or False)
    job = run_import(write_xlsx(tmp_path / "l.xlsx", ledger(world)), actor=world.clerk, court=world.zanhuang)
    assert calls == [1]
    assert job.status == ImportStatus.DONE and job.created_cases == 5


def test_the_sweep_sends_again_a_job_left_queued_by_a_broker_outage(world, tmp_path, monkeypatch):
    from imports import tasks
    from tests.imports.helpers import upload

    job = upload(write_xlsx(tmp_path / "a.xlsx", [case_row(1)]), actor=world.clerk, court=world.zanhuang)
    ImportJob.objects.filter(pk=job.pk).update(celery_task_id="task-7", created_at=timezone.now() - dt.timedelta(minutes=2))
    fresh = upload(write_xlsx(tmp_path / "b.xlsx", [case_row(2)]), actor=world.clerk, court=world.zanhuang)
    ImportJob.objects.filter(pk=fresh.pk).update(celery_task_id="task-8")
    sent = []
    monkeypatch.setattr(tasks.run_import, "apply_async", lambda args, task_id: sent.append((args, task_id)))

    assert tasks.resume_stalled_imports() == 1
    assert sent == [([job.pk], "task-7")]

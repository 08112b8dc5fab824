"""Registration (立案): numbers, parties, routing, timeline, audit — and nothing saved on bad input."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from cases import services
from cases.models import CaseEvent, CaseParty, EnforcementCase, Notification, Party, PartyKind
from enforcement.errors import FieldErrors
from tests.factories import credit_code, registration

pytestmark = pytest.mark.django_db


def _counts():
    return (EnforcementCase.objects.count(), Party.objects.count(), CaseParty.objects.count(),
            CaseEvent.objects.count(), Notification.objects.count())


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
def test_registration_assigns_official_number_and_records_everything(world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert case.case_number == "（2026）冀0129执1号"
    assert case.status == "registered"
    assert case.target_amount == Decimal("85000.00")
    assert case.handler is not None and case.team is not None
    assert [link.role for link in case.case_parties.order_by("role")] == ["applicant", "respondent"]
    kinds = list(case.events.values_list("kind", flat=True))
    assert "registered" in kinds and "assigned" in kinds
    # the applicant is told, through the outbox
    note = Notification.objects.get(case=case)
    assert "（2026）冀0129执1号" in note.message and note.phone == "13803110001"
    # audit: who created the case
    assert case.history.first().history_user == world.clerk


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
def test_numbers_are_consecutive_per_court_and_restart_each_year(world):
    first = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    second = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    other = services.case_register(actor=world.ys_clerk, data=registration(world.yuanshi))
    last_year = services.case_register(actor=world.clerk, data=registration(world.zanhuang, filed_on=dt.date(2025, 12, 30)))
    assert [first.case_number, second.case_number] == ["（2026）冀0129执1号", "（2026）冀0129执2号"]
    assert other.case_number == "（2026）冀0132执1号"
    assert last_year.case_number == "（2025）冀0129执1号"


def test_same_person_in_two_cases_is_one_party_record(world):
    a = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    b = services.case_register(actor=world.ys_clerk, data=registration(world.yuanshi))
    respondent_a = a.case_parties.get(role="respondent").party
    respondent_b = b.case_parties.get(role="respondent").party
    assert respondent_a.pk == respondent_b.pk
    assert Party.objects.filter(name="李明").count() == 1


def test_first_generation_id_matches_the_person_registered_with_the_new_card(world):
    old = "130129520601123"
    from cases.identifiers import resident_id_key

    new = resident_id_key(old)
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind="person", name="刘老汉", id_number=new)
    a = services.case_register(actor=world.clerk, data=data)
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind="person", name="刘老汉", id_number=old)
    b = services.case_register(actor=world.clerk, data=data)
    assert a.case_parties.get(role="respondent").party_id == b.case_parties.get(role="respondent").party_id


def test_name_clash_on_a_known_id_is_a_field_error_and_nothing_is_saved(world):
    services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    before = _counts()
    data = registration(world.zanhuang)
    data.parties[1].name = "李明明"
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    assert "李明" in exc.value.errors["parties"][1]["name"][0]
    assert _counts() == before


@pytest.mark.parametrize("mutate,path", [
    (lambda d: setattr(d.parties[1], "id_number", d.parties[1].id_number[:-1] + ("0" if d.parties[1].id_number[-1] != "0" else "1")),
     ("parties", 1, "id_number")),
    (lambda d: d.parties.__setitem__(1, services.PartyInput(role="respondent", kind="organisation", name="某某公司",
                                                              id_number=credit_code(9)[:-1] + "Z")), ("parties", 1, "id_number")),
    (lambda d: setattr(d, "target_amount", "-1.00"), ("target_amount",)),
    (lambda d: setattr(d, "target_amount", "十万"), ("target_amount",)),
    (lambda d: setattr(d, "target_amount", "12.345"), ("target_amount",)),
    (lambda d: setattr(d.basis, "performance_deadline", dt.date(2025, 2, 1)), ("basis", "performance_deadline")),
    (lambda d: setattr(d, "cause", "not-a-cause"), ("cause",)),
    (lambda d: setattr(d.basis, "document_number", ""), ("basis", "document_number")),
])
def test_bad_input_gives_a_field_error_and_writes_nothing(world, mutate, path):
    data = registration(world.zanhuang)
    mutate(data)
    before = _counts()
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    node = exc.value.errors
    for key in path:
        node = node[key]
    assert node, exc.value.errors
    assert _counts() == before
    # the counter was not advanced either: the next good case still gets number 1
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert case.seq == 1


def test_case_without_respondent_is_refused(world):
    data = registration(world.zanhuang)
    data.parties = data.parties[:1]
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    assert exc.value.errors["non_field_errors"]


def test_party_without_id_needs_a_reason(world):
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind="person", name="John Smith", id_type="none")
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    assert exc.value.errors["parties"][1]["id_missing_reason"]
    data.parties[1].id_missing_reason = "外国籍，证件号码不详"
    case = services.case_register(actor=world.clerk, data=data)
    assert case.case_parties.get(role="respondent").party.id_number == ""


def test_passport_holder_is_matched_on_passport_number(world):
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind="person", name="KIM MINSU", id_type="passport", id_number="m12345678")
    a = services.case_register(actor=world.clerk, data=data)
    b = services.case_register(actor=world.clerk, data=data)
    assert a.case_parties.get(role="respondent").party_id == b.case_parties.get(role="respondent").party_id


def test_state_organ_respondent_flags_a_special_subject_case(world):
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind=PartyKind.STATE_ORGAN, name="某镇人民政府",
                                          id_number=credit_code(77))
    case = services.case_register(actor=world.clerk, data=data)
    assert case.is_special_subject


def test_wage_claim_is_a_livelihood_case(world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, cause="labour_remuneration"))
    assert case.is_livelihood


def test_clerk_cannot_register_at_another_court(world):
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=registration(world.yuanshi))
    assert exc.value.errors["court"]
    assert EnforcementCase.objects.count() == 0


def test_judge_cannot_register(world):
    with pytest.raises(FieldErrors):
        services.case_register(actor=world.judge, data=registration(world.zanhuang))


def test_organisation_later_registered_as_state_organ_flags_the_case(world):
    code = credit_code(88)
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind="organisation", name="某镇人民政府", id_number=code)
    first = services.case_register(actor=world.clerk, data=data)
    assert not first.is_special_subject
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind=PartyKind.STATE_ORGAN, name="某镇人民政府", id_number=code)
    second = services.case_register(actor=world.clerk, data=data)
    assert second.is_special_subject
    assert Party.objects.get(id_number=code).kind == PartyKind.STATE_ORGAN


@pytest.mark.parametrize("typed,expected", [("１２，３４５．６０", "12345.60"), ("￥8,000", "8000.00"), ("85000", "85000.00")])
def test_amounts_as_clerks_type_them(typed, expected):
    assert str(services.parse_money(typed)) == expected


def test_company_known_only_by_its_old_organisation_code(world):
    from cases.identifiers import organisation_code_check

    code = "13012345" + organisation_code_check("13012345")
    data = registration(world.zanhuang)
    data.parties[1] = services.PartyInput(role="respondent", kind="organisation", name="赞皇县某某厂（已吊销）",
                                          id_type="org_code", id_number=code[:8] + "-" + code[8])
    case = services.case_register(actor=world.clerk, data=data)
    assert case.case_parties.get(role="respondent").party.id_number == code
    data.parties[1].id_number = code[:8] + "-" + ("0" if code[8] != "0" else "1")
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    assert exc.value.errors["parties"][1]["id_number"]


def test_a_malformed_first_generation_id_is_a_field_error_not_a_crash(world, english):
    from cases import services
    from enforcement.errors import FieldErrors
    from tests.factories import registration

    data = registration(world.zanhuang)
    data.parties[-1].id_type, data.parties[-1].id_number = "resident_id", "13012980051A123"
    import pytest

    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    assert "id_number" in exc.value.errors["parties"][-1]


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
def test_registration_starts_the_clock_once_and_routing_leaves_it(world):
    """Registration moves the clock through its own instance only (cases.clock.clock_held): the row
    gets the clock of the policy in force, the instance agrees with it, the audit rows are the insert
    and the routing, and a second registration's number follows on (one upsert of the counter)."""
    from cases.clock import policy_in_force
    from courts.models import EscalationPolicy

    EscalationPolicy.objects.create(court=world.zanhuang, effective_from=dt.date(2026, 1, 1), level0_days=45)
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    row = EnforcementCase.objects.get(pk=case.pk)
    today = dt.date(2026, 3, 2)
    assert policy_in_force(world.zanhuang.pk, today).limit_for(0) == 45
    assert (row.clock_from, row.clock_paused_since, row.escalation_due_on) == (today, None, today + dt.timedelta(days=45))
    assert (case.clock_from, case.clock_paused_since, case.escalation_due_on) == (
        row.clock_from, row.clock_paused_since, row.escalation_due_on)
    assert not hasattr(case, "_clock_held")
    assert [h.history_type for h in row.history.order_by("history_date", "history_id")] == ["+", "~"]
    assert row.history.order_by("history_date", "history_id").last().handler_id == row.handler_id is not None
    second = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert (case.seq, second.seq) == (1, 2)

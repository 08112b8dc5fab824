"""Petitions (信访) on a case: recorded by the case's court or an upper court, counted on the case, the
难案 rule run at once (1 petition → not in the ledger, 2 → in it), no re-entry after the check-off until
a new petition, replies, and field errors with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import CaseEvent, EnforcementCase
from enforcement.errors import FieldErrors, IllegalTransition
from reports import hard_cases
from reports.models import HardCaseEntry, Petition
from tests.cases.dossier_helpers import fresh
from tests.reports.ledger_helpers import at, case_filed, petition, sweep

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 6)


def open_categories(case) -> list[str]:
    return sorted(HardCaseEntry.objects.filter(case=case, cleared_on__isnull=True).values_list("category", flat=True))


def test_one_petition_is_not_a_hard_case_the_second_makes_it_one(world, english):
    case = case_filed(world, DAY)
    petition(world, case, dt.date(2026, 5, 11))
    assert fresh(case).petition_count == 1 and open_categories(case) == []
    second = petition(world, case, dt.date(2026, 5, 18), name="李明", standing="respondent", summary="被执行人反映查封超标的")
    case = fresh(case)
    assert case.petition_count == 2
    entry = HardCaseEntry.objects.get(case=case)
    assert (entry.category, entry.source, entry.tagged_on, entry.tagged_by) == ("petitions", "rule", dt.date(2026, 5, 18), None)
    assert entry.figures == {"petitions": 2, "threshold": 2, "last_received_on": "2026-05-18"}
    kinds = list(CaseEvent.objects.filter(case=case, kind__in=["petition", "hard_case"]).order_by("occurred_at", "pk")
                 .values_list("kind", "data__action"))
    assert kinds == [("petition", "received"), ("petition", "received"), ("hard_case", "entered")]
    assert (second.petitioner_standing, second.recorded_by, second.created_at.date()) == ("respondent", world.clerk, dt.date(2026, 5, 18))
    # The count is an audited change of the case: who recorded the petition, when.
    history = EnforcementCase.history.filter(id=case.pk).order_by("-history_date", "-history_id").first()
    assert (history.petition_count, history.history_user, history.history_change_reason) == (2, world.clerk, "Petition received")
    from cases.selectors import case_audit_trail

    trail = [(e["object_repr"], e["action"], e["user"]) for e in case_audit_trail(case=case) if e["object"] == "petition"]
    assert trail == [("2026-05-18 李明", "created", "王立案"), ("2026-05-11 张建国", "created", "王立案")]


def test_no_re_entry_after_the_check_off_until_a_new_petition(world):
    case = case_filed(world, DAY)
    petition(world, case, dt.date(2026, 5, 11))
    petition(world, case, dt.date(2026, 5, 12))
    entry = HardCaseEntry.objects.get(case=case)
    with at(dt.date(2026, 5, 20), 15):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="已向申请人释明执行进展，申请人表示理解")
    assert sweep(dt.date(2026, 5, 21))["petitions"] == 0
    assert sweep(dt.date(2026, 6, 21))["petitions"] == 0, "the same two petitions stay checked off"
    assert open_categories(case) == []
    petition(world, case, dt.date(2026, 6, 22))
    assert open_categories(case) == ["petitions"]
    reopened = HardCaseEntry.objects.get(case=case, cleared_on__isnull=True)
    assert reopened.figures["petitions"] == 3
    assert "2026-05-20" in reopened.reason
    assert sweep(dt.date(2026, 6, 23))["petitions"] == 0
    assert HardCaseEntry.objects.filter(case=case).count() == 2


def test_a_petition_recorded_later_the_same_day_as_the_check_off_is_a_new_trigger(world):
    case = case_filed(world, DAY)
    petition(world, case, dt.date(2026, 5, 11))
    petition(world, case, dt.date(2026, 5, 12))
    with at(dt.date(2026, 5, 20), 9):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=HardCaseEntry.objects.get(case=case).pk, reason="已答复")
    with at(dt.date(2026, 5, 20), 16):
        hard_cases.petition_record(actor=world.clerk, case_id=case.pk, received_on=dt.date(2026, 5, 20), channel="letter",
                                   petitioner_name="张建国", petitioner_standing="applicant", summary="再次来信")
    assert open_categories(case) == ["petitions"]


def test_who_records_petitions(world):
    from tests.reports.ledger_helpers import yuanshi_chief

    case = case_filed(world, DAY)
    for outsider in (world.ys_clerk, world.ys_judge, yuanshi_chief(world)):
        with pytest.raises(PermissionDenied):
            petition(world, case, dt.date(2026, 5, 11), actor=outsider)
    assert fresh(case).petition_count == 0 and not Petition.objects.exists()
    # The case's own staff, and the upper court (where petitioners often go).
    for n, insider in enumerate((world.clerk, world.judge, world.chief, world.officer, world.supervisor)):
        petition(world, case, dt.date(2026, 5, 11) + dt.timedelta(days=n), actor=insider)
    assert fresh(case).petition_count == 5


def test_a_petition_with_mistakes_is_refused_whole(world, english):
    case = case_filed(world, DAY)
    events = CaseEvent.objects.filter(case=case).count()
    with at(dt.date(2026, 5, 11)), pytest.raises(FieldErrors) as exc:
        hard_cases.petition_record(actor=world.clerk, case_id=case.pk, received_on="2026-05-12", channel="fax",
                                   petitioner_name=" ", petitioner_standing="lawyer", summary="",
                                   reply="", replied_on="2026-05-11")
    assert exc.value.errors == {
        "received_on": ["The date cannot be in the future."],
        "channel": ["Choose how the petition came in."],
        "petitioner_name": ["Enter the petitioner's name."],
        "petitioner_standing": ["Choose who the petitioner is in the case."],
        "summary": ["Record what the petition asks or complains about."],
        "reply": ["Record the reply, or leave its date empty."],
    }
    with at(dt.date(2026, 5, 11)), pytest.raises(FieldErrors) as exc:
        hard_cases.petition_record(actor=world.clerk, case_id=case.pk, received_on="2026-05-01", channel="visit",
                                   petitioner_name="张建国", petitioner_standing="applicant", summary="反映问题")
    assert exc.value.errors == {"received_on": ["The date cannot be before the case was filed (2026-05-06)."]}
    assert fresh(case).petition_count == 0 and not Petition.objects.exists()
    assert CaseEvent.objects.filter(case=case).count() == events


def test_replies(world, english):
    case = case_filed(world, DAY)
    answered = petition(world, case, dt.date(2026, 5, 11), reply="当场释明案件进展", replied_on=dt.date(2026, 5, 11))
    assert (answered.reply, answered.replied_on, answered.replied_by) == ("当场释明案件进展", dt.date(2026, 5, 11), world.clerk)
    waiting = petition(world, case, dt.date(2026, 5, 12))
    with at(dt.date(2026, 5, 15)), pytest.raises(FieldErrors) as exc:
        hard_cases.petition_reply(actor=world.judge, petition_id=waiting.pk, reply="已答复", replied_on="2026-05-10")
    assert exc.value.errors == {"replied_on": ["The reply follows the petition (received on 2026-05-12)."]}
    with at(dt.date(2026, 5, 15)), pytest.raises(FieldErrors) as exc:
        hard_cases.petition_reply(actor=world.judge, petition_id=waiting.pk, reply="  ")
    assert exc.value.errors == {"reply": ["Record the reply: what was explained or done."]}
    with at(dt.date(2026, 5, 15)):
        done = hard_cases.petition_reply(actor=world.judge, petition_id=waiting.pk, reply="书面答复：已冻结被执行人账户")
    assert (done.replied_on, done.replied_by) == (dt.date(2026, 5, 15), world.judge)
    with at(dt.date(2026, 5, 16)), pytest.raises(IllegalTransition):
        hard_cases.petition_reply(actor=world.judge, petition_id=waiting.pk, reply="再次答复")
    assert CaseEvent.objects.filter(case=case, kind="petition", data__action="replied").count() == 1


def test_a_petition_on_a_case_closed_by_terminating_this_round_counts(world):
    """终本 cases are where petitions come from: the ledger still follows them; a case performed in full not."""
    case = case_filed(world, DAY)
    EnforcementCase.objects.filter(pk=case.pk).update(status="closed", closure_type="terminated_round", closed_on=dt.date(2026, 5, 9))
    other = case_filed(world, DAY)
    EnforcementCase.objects.filter(pk=other.pk).update(status="closed", closure_type="performed", closed_on=dt.date(2026, 5, 9))
    for c in (case, other):
        petition(world, c, dt.date(2026, 5, 11))
        petition(world, c, dt.date(2026, 5, 12))
    assert open_categories(case) == ["petitions"]
    assert open_categories(other) == [] and fresh(other).petition_count == 2

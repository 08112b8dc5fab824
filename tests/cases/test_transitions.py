"""The case state machine (DESIGN.md §3.2): named transitions, guarded, each on the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cases import money, services
from enforcement.errors import FieldErrors, IllegalTransition
from tests.factories import registration

pytestmark = pytest.mark.django_db

ALLOWED = {
    "registered": {"start", "close"},
    "in_progress": {"suspend", "close"},
    "suspended": {"resume", "close"},
    "settled": {"suspend", "close"},
    "closed": set(),
}
PATH_TO = {
    "registered": [],
    "in_progress": ["start"],
    "suspended": ["start", "suspend"],
    "settled": ["start", "settle"],
    "closed": ["start", "close"],
}


def _case_in(world, status):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    for step in PATH_TO[status]:
        if step == "settle":  # a settlement is recorded with its agreement, not as a bare transition
            money.settlement_record(actor=world.judge, case_id=case.pk, agreed_on=dt.date.today(), agreed_amount="100.00",
                                    instalments=[{"due_on": dt.date.today(), "amount": "100.00"}])
            continue
        services.case_transition(actor=world.judge, case_id=case.pk, transition=step, reason="测试",
                                 closure_type="terminated" if step == "close" else "")
    case.refresh_from_db()
    assert case.status == status
    return case


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("transition", list(services.TRANSITIONS))
def test_transition_table(world, status, transition):
    case = _case_in(world, status)
    events_before = case.events.count()
    closure = "withdrawn" if status == "registered" else "terminated"
    kwargs = {"reason": "依法处理", "closure_type": closure if transition == "close" else ""}
    if transition in ALLOWED[status]:
        updated = services.case_transition(actor=world.judge, case_id=case.pk, transition=transition, **kwargs)
        assert updated.status != status or transition in ()
        assert case.events.count() == events_before + 1
        event = case.events.first()
        assert event.actor == world.judge and event.reason == "依法处理"
        assert updated.history.first().history_user == world.judge
    else:
        with pytest.raises(IllegalTransition):
            services.case_transition(actor=world.judge, case_id=case.pk, transition=transition, **kwargs)
        case.refresh_from_db()
        assert case.status == status and case.events.count() == events_before


def test_suspension_needs_a_reason(world):
    case = _case_in(world, "in_progress")
    with pytest.raises(FieldErrors) as exc:
        services.case_transition(actor=world.judge, case_id=case.pk, transition="suspend", reason=" ")
    assert exc.value.errors["reason"]


def test_unstarted_case_can_only_close_as_rejected_not_enforced_or_withdrawn(world):
    case = _case_in(world, "registered")
    with pytest.raises(FieldErrors):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="close", closure_type="performed", reason="x")
    services.case_transition(actor=world.judge, case_id=case.pk, transition="close", closure_type="withdrawn", reason="申请人撤回")
    case.refresh_from_db()
    assert case.closure_type == "withdrawn" and case.closed_on is not None


def test_stale_form_is_refused_when_someone_changed_the_case(world):
    case = _case_in(world, "in_progress")
    services.case_transition(actor=world.judge2, case_id=case.pk, transition="suspend", reason="案外人异议")
    with pytest.raises(IllegalTransition):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="close", closure_type="performed",
                                 reason="x", expected_status="in_progress")


def test_upper_court_and_other_court_cannot_change_a_case(world):
    case = _case_in(world, "registered")
    for user in (world.supervisor, world.ys_judge, world.officer):
        with pytest.raises(PermissionDenied):
            services.case_transition(actor=user, case_id=case.pk, transition="start")


def test_closure_counts_as_substantive_progress(world):
    case = _case_in(world, "in_progress")
    assert case.last_progress_at is None
    services.case_transition(actor=world.judge, case_id=case.pk, transition="close", closure_type="terminated", reason="申请人撤回申请")
    case.refresh_from_db()
    assert case.last_progress_at is not None


def test_past_events_can_be_recorded_with_their_own_dates(world):
    import datetime as dt

    from django.utils import timezone

    filed = dt.date(2025, 3, 3)
    at = timezone.make_aware(dt.datetime(2025, 3, 3, 9, 30))
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, filed_on=filed), at=at)
    assert case.case_number == "（2025）冀0129执1号"
    assert {e.occurred_at for e in case.events.all()} == {at}
    assert case.history.last().history_date == at
    closed_at = timezone.make_aware(dt.datetime(2025, 9, 1, 15, 0))
    services.case_transition(actor=world.judge, case_id=case.pk, transition="close", closure_type="withdrawn",
                             reason="申请人撤回", at=closed_at)
    case.refresh_from_db()
    assert case.closed_on == dt.date(2025, 9, 1) and case.last_progress_at == closed_at
    with pytest.raises(ValueError):
        services.case_register(actor=world.clerk, data=registration(world.zanhuang, filed_on=filed),
                               at=timezone.make_aware(dt.datetime(2025, 3, 2, 9, 0)))
    with pytest.raises(ValueError):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start",
                                 at=timezone.now() + dt.timedelta(days=1))

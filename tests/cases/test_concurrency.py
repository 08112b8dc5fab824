"""Case numbers under concurrent registration on PostgreSQL (DESIGN.md §4)."""

import threading

import pytest
from django.db import connection

from cases import services
from cases.models import EnforcementCase
from tests.factories import registration


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_get_fifty_distinct_consecutive_numbers(world):
    assert connection.vendor == "postgresql"
    results, errors = [], []
    barrier = threading.Barrier(50)

    def register(i):
        try:
            barrier.wait(timeout=30)
            case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
            results.append(case.seq)
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(results) == list(range(1, 51))
    numbers = list(EnforcementCase.objects.filter(court=world.zanhuang).values_list("case_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 50
    # The same debtor in 50 cases is still one party record.
    assert EnforcementCase.objects.filter(case_parties__party__name="李明").distinct().count() == 50
    # Routing under the counter lock spreads the cases: team 1 (2 judges) and team 2 (1 judge)
    # alternate by open-case count, so no judge is left idle and no team gets more than half + 1.
    by_team = {t: EnforcementCase.objects.filter(team=t).count() for t in (world.zh_team1, world.zh_team2)}
    assert by_team == {world.zh_team1: 25, world.zh_team2: 25}

"""Demo data for the supervisors' dashboard beyond what the other demos write: the archive (归档).
Most closed cases were archived some days after closure; about one in seven closed more than a month
ago is still waiting, so the 超期未归档 alert has cases to show."""

from __future__ import annotations

import datetime as dt
import random

from cases.closure import ARCHIVE_DAYS, case_archive
from cases.models import CaseStatus, EnforcementCase
from cases.services import recorded_at


def seed_archives(*, today: dt.date, moment, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    archived = waiting = 0
    closed = (EnforcementCase.objects.filter(status=CaseStatus.CLOSED, archived_on__isnull=True, handler__isnull=False)
              .select_related("handler").order_by("closed_on", "pk"))
    for case in closed:
        day = case.closed_on + dt.timedelta(days=rng.randint(3, ARCHIVE_DAYS - 5))
        day += dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)  # the archive works weekdays
        if day >= today or rng.random() < 0.14:
            waiting += 1
            continue
        with recorded_at(moment(day, 16 * 60 + rng.randint(0, 59))):
            case_archive(actor=case.handler, case_id=case.pk, archived_on=day,
                         note=f"{case.closed_on.year}-归-{rng.randint(1, 9999):04d}")
        archived += 1
    return {"archived": archived, "waiting": waiting}

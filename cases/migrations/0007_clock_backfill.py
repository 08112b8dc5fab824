"""Start the escalation clock of the cases that existed before the ladder: from their last substantive
progress (or registration), paused if suspended or under a settlement, due after the default 90 days."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

RUNNING = ("registered", "in_progress")
PAUSED = ("suspended", "settled")


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "EnforcementCase")
    for case in Case.objects.filter(status__in=RUNNING + PAUSED, clock_from__isnull=True).iterator(chunk_size=2000):
        start = case.last_progress_at or case.created_at
        clock_from = timezone.localdate(start) if timezone.is_aware(start) else start.date()
        paused_since = None
        if case.status in PAUSED:
            paused_since = case.suspended_since or timezone.localdate(case.updated_at)
        due = None if paused_since else clock_from + dt.timedelta(days=90)
        Case.objects.filter(pk=case.pk).update(clock_from=clock_from, clock_paused_since=paused_since, escalation_due_on=due)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_cross_execution")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

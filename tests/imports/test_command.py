"""manage.py import_cases: the same import from the command line, with a progress bar."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cases.models import EnforcementCase
from imports.models import ImportJob, ImportStatus
from tests.imports.helpers import case_row, write_csv, write_xlsx, zh

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_ledger_with_a_progress_bar(world, tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", [case_row(n) for n in range(1, 4)])
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", str(path), court="冀0129", user="clerk", json=True, stdout=out, stderr=err)

    job = ImportJob.objects.get()
    assert (job.status, job.created_cases, job.court, job.uploaded_by) == (ImportStatus.DONE, 3, world.zanhuang, world.clerk)
    assert EnforcementCase.objects.filter(court=world.zanhuang).count() == 3
    lines = out.getvalue().strip().splitlines()
    assert zh("%(cases)d cases imported.", cases=3) in lines[0]
    result = json.loads(lines[-1])
    assert (result["status"], result["rows"], result["created_cases"], result["errors"]) == ("done", 3, 3, 0)
    assert result["peak_rss_mb"] > 0


def test_a_dry_run_checks_only_and_a_bad_file_exits_with_its_errors(world, tmp_path):
    good = write_csv(tmp_path / "a.csv", [case_row(1)], encoding="gb18030")
    call_command("import_cases", str(good), court=str(world.zanhuang.pk), user="chief", dry_run=True, no_progress=True,
                 stdout=io.StringIO())
    assert ImportJob.objects.get().dry_run and not EnforcementCase.objects.exists()

    bad = write_xlsx(tmp_path / "b.xlsx", [case_row(1, 案由="借钱纠纷")])
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_cases", str(bad), court="0129", user="clerk", no_progress=True, stdout=out)
    assert failure.value.returncode == 1
    assert "借钱纠纷" in out.getvalue() and not EnforcementCase.objects.exists()


def test_the_command_refuses_an_unknown_court_user_or_a_user_who_may_not_import(world, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [case_row(1)])
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), court="冀9999", user="clerk", no_progress=True)
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), court="冀0129", user="nobody", no_progress=True)
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), court="冀0129", user="judge", no_progress=True)
    assert not ImportJob.objects.exists()

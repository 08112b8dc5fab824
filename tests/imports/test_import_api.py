"""The import API (/api/v1/imports/) and the browser pages: upload, progress, errors, access."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from cases.models import EnforcementCase
from imports import services
from imports.models import ImportJob, ImportStatus
from tests.imports.helpers import case_row, person_id, write_xlsx, zh

pytestmark = pytest.mark.django_db


def _bad_ledger(tmp_path):
    rows = [case_row(n) for n in range(1, 5)]
    rows[2]["案由"] = "借钱纠纷"
    rows[3]["被执行人证件号码"] = person_id(9)[:17] + ("1" if person_id(9)[17] != "1" else "2")
    return write_xlsx(tmp_path / "有误的台账.xlsx", rows)


def test_upload_over_the_api_is_accepted_with_202_and_the_job_is_queued(world, as_user, tmp_path,
                                                                      django_capture_on_commit_callbacks):
    api = as_user(world.clerk)
    path = write_xlsx(tmp_path / "台账.xlsx", [case_row(1), case_row(2)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks, open(path, "rb") as handle:
        response = api.post("/api/v1/imports/", {"file": handle}, format="multipart")

    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["status"], body["original_name"], body["file_format"], body["court"]["name"]) == (
        "queued", "台账.xlsx", "xlsx", "赞皇县人民法院")
    assert body["progress"] == {"phase": zh("Waiting for a worker…"), "done": 0, "total": None, "percent": 0, "finished": False}
    assert response["Location"] == f"/api/v1/imports/{body['id']}/"
    assert len(callbacks) == 1  # the Celery task is sent once the upload is committed

    services.import_job_run(job_id=body["id"])
    detail = api.get(f"/api/v1/imports/{body['id']}/").json()
    assert (detail["status"], detail["total_rows"], detail["created_cases"], detail["error_count"]) == ("done", 2, 2, 0)
    assert detail["progress"]["percent"] == 100 and detail["progress"]["finished"] is True
    assert detail["cases_url"].endswith(f"/cases/?import_job={body['id']}")
    cases = api.get(f"/api/v1/cases/?import_job={body['id']}").json()
    assert sorted(c["case_number"] for c in cases["results"]) == ["（2021）冀0129执1号", "（2021）冀0129执2号"]


def test_errors_are_in_the_job_and_downloadable_as_xlsx_and_csv(world, as_user, tmp_path):
    api = as_user(world.clerk)
    with open(_bad_ledger(tmp_path), "rb") as handle:
        job_id = api.post("/api/v1/imports/", {"file": handle}, format="multipart").json()["id"]
    services.import_job_run(job_id=job_id)

    detail = api.get(f"/api/v1/imports/{job_id}/").json()
    assert detail["status"] == "failed" and detail["error_count"] == 2 and detail["created_cases"] == 0
    assert [(e["row"], e["column"]) for e in detail["errors"]] == [(4, "案由"), (5, "被执行人证件号码")]

    xlsx = api.get(f"/api/v1/imports/{job_id}/errors/")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1] == ["行号", "列", "内容", "原因"]
    assert [(r[0], r[1], r[2]) for r in rows[2:]] == [(4, "案由", "借钱纠纷"), (5, "被执行人证件号码", detail["errors"][1]["value"])]

    response = api.get(f"/api/v1/imports/{job_id}/errors/?file_format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][:3] == ["4", "案由", "借钱纠纷"]
    assert api.get(f"/api/v1/imports/{job_id}/errors/?file_format=pdf").status_code == 400
    assert EnforcementCase.objects.count() == 0


def test_bad_uploads_are_field_errors(world, as_user, tmp_path):
    api = as_user(world.clerk)
    text = tmp_path / "ledger.txt"
    text.write_text("案号")
    with open(text, "rb") as handle:
        response = api.post("/api/v1/imports/", {"file": handle}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": [zh("Upload an .xlsx or .csv file (an old .xls must first be saved as .xlsx).")]}
    assert api.post("/api/v1/imports/", {}, format="multipart").status_code == 400
    assert not ImportJob.objects.exists()


def test_only_the_courts_clerks_chief_and_admins_import_and_see_its_jobs(world, as_user, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [case_row(1)])
    with open(path, "rb") as handle:
        job_id = as_user(world.chief).post("/api/v1/imports/", {"file": handle}, format="multipart").json()["id"]

    # Another court's clerk: cannot see the job, nor import into this court.
    other = as_user(world.ys_clerk)
    assert other.get(f"/api/v1/imports/{job_id}/").status_code == 403
    assert other.get(f"/api/v1/imports/{job_id}/errors/").status_code == 403
    assert other.get("/api/v1/imports/").json()["results"] == []
    with open(path, "rb") as handle:
        response = other.post("/api/v1/imports/", {"file": handle, "court": world.zanhuang.pk}, format="multipart")
    assert response.status_code == 403
    # A judge of the court works cases but does not import them.
    with open(path, "rb") as handle:
        assert as_user(world.judge).post("/api/v1/imports/", {"file": handle}, format="multipart").status_code == 403
    assert as_user(world.judge).get(f"/api/v1/imports/{job_id}/").status_code == 403
    # The court's clerk and the administrator see it; an unknown job is 404.
    assert [j["id"] for j in as_user(world.clerk).get("/api/v1/imports/").json()["results"]] == [job_id]
    assert as_user(world.admin).get(f"/api/v1/imports/{job_id}/").status_code == 200
    assert as_user(world.clerk).get("/api/v1/imports/999999/").status_code == 404
    assert ImportJob.objects.count() == 1


def test_the_template_has_every_column_with_a_comment_and_an_example_row(world, as_user, tmp_path):
    from imports import layout

    response = as_user(world.clerk).get("/api/v1/imports/template/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["执行案件台账"]
    headers = [c.value for c in sheet[1]]
    assert [h.rstrip("*") for h in headers] == [c.header for c in layout.COLUMNS]
    assert all(cell.comment is not None and cell.comment.text for cell in sheet[1])
    assert sheet["A2"].value == "示例：（2021）冀0129执123号"
    assert {"填写说明", "代码表"} <= set(book.sheetnames)

    # The template as downloaded (example row only) has nothing to import; with one row below the
    # example, exactly that row is imported.
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    from tests.imports.helpers import run_import

    job = run_import(path, actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.FAILED and job.message == zh("The file has no rows below its header.")
    example = [c.value for c in sheet[2]]
    example[0] = "（2021）冀0129执123号"
    sheet.append(example)
    book.save(path)
    job = run_import(path, actor=world.clerk, court=world.zanhuang)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.created_cases == 1 and job.created_parties == 3


# --- the browser pages --------------------------------------------------------------------------
def test_clerk_uploads_in_the_browser_and_follows_the_job(world, client, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(world.clerk)
    page = client.get("/imports/")
    assert page.status_code == 200 and b"id=\"import-form\"" in page.content
    path = write_xlsx(tmp_path / "台账.xlsx", [case_row(1)])
    with django_capture_on_commit_callbacks(execute=False), open(path, "rb") as handle:
        response = client.post("/imports/", {"court": world.zanhuang.pk, "file": handle})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"

    running = client.get(f"/imports/{job.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in running and 'data-status="queued"' in running

    services.import_job_run(job_id=job.pk)
    done = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'hx-trigger' not in done and 'data-status="done"' in done
    assert f'href="/cases/?import_job={job.pk}"' in done
    listed = client.get(f"/cases/?import_job={job.pk}").content.decode()
    assert "（2021）冀0129执1号" in listed


def test_the_error_table_and_downloads_on_the_job_page(world, client, tmp_path):
    client.force_login(world.clerk)
    from tests.imports.helpers import run_import

    job = run_import(_bad_ledger(tmp_path), actor=world.clerk, court=world.zanhuang)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'id="error-table"' in page and "借钱纠纷" in page
    assert f'href="/imports/{job.pk}/errors.xlsx"' in page
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 200
    assert client.get(f"/imports/{job.pk}/errors.csv").status_code == 200
    assert client.get(f"/imports/{job.pk}/errors.pdf").status_code == 404


def test_pages_are_refused_to_other_courts_and_to_judges(world, client, tmp_path):
    from tests.imports.helpers import run_import

    job = run_import(write_xlsx(tmp_path / "a.xlsx", [case_row(1)]), actor=world.clerk, court=world.zanhuang)
    client.force_login(world.ys_clerk)
    assert client.get(f"/imports/{job.pk}/").status_code == 403
    assert client.get(f"/imports/{job.pk}/status/").status_code == 403
    assert f"/imports/{job.pk}/".encode() not in client.get("/imports/").content
    client.force_login(world.judge)
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/template.xlsx").status_code == 403
    client.force_login(world.chief)
    assert client.get(f"/imports/{job.pk}/").status_code == 200


def test_a_bad_upload_in_the_browser_shows_the_reason_beside_the_field(world, client, tmp_path):
    client.force_login(world.clerk)
    text = tmp_path / "ledger.xls"
    text.write_bytes(b"\xd0\xcf\x11\xe0")
    with open(text, "rb") as handle:
        response = client.post("/imports/", {"court": world.zanhuang.pk, "file": handle})
    assert response.status_code == 400
    assert zh("Upload an .xlsx or .csv file (an old .xls must first be saved as .xlsx).") in response.content.decode()
    assert not ImportJob.objects.exists()

"""The court's outbox: failed deliveries stay visible and can be sent again (阳光执行, DESIGN.md §12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Notification
from tests.factories import registration

pytestmark = pytest.mark.django_db


def _failed_message(world, court=None):
    case = services.case_register(actor=world.clerk if court is None else world.ys_clerk,
                                  data=registration(court or world.zanhuang))
    note = Notification.objects.get(case=case)
    # What the worker leaves after eight failed attempts (cases.notifications.notification_mark_attempt_failed).
    Notification.objects.filter(pk=note.pk).update(status="failed", attempts=8, last_error="短信网关超时")
    return case, note


def test_failed_messages_are_listed_and_sent_again_with_a_note_on_the_timeline(client, world):
    case, note = _failed_message(world)
    client.force_login(world.judge)
    html = client.get("/cases/messages/?status=failed").content.decode()
    assert case.case_number in html and "短信网关超时" in html and 'data-count="failed">1<' in html
    response = client.post(f"/cases/messages/{note.pk}/retry/", {"next": "/cases/messages/?status=failed"}, follow=True)
    assert response.redirect_chain[-1][0] == "/cases/messages/?status=failed"
    note.refresh_from_db()
    assert (note.status, note.attempts, note.last_error) == ("pending", 0, "短信网关超时")
    event = case.events.filter(kind="note").get()
    assert event.actor == world.judge and "短信网关超时" in event.description
    assert 'data-count="failed">0<' in response.content.decode()


def test_a_sent_message_is_not_sent_twice(client, world):
    _case, note = _failed_message(world)
    Notification.objects.filter(pk=note.pk).update(status="sent")
    client.force_login(world.judge)
    response = client.post(f"/cases/messages/{note.pk}/retry/", follow=True)
    assert "已发送" in response.content.decode() or "already" in response.content.decode()
    note.refresh_from_db()
    assert note.status == "sent"


def test_another_courts_outbox_is_not_shown_and_cannot_be_retried(client, world):
    case, note = _failed_message(world)
    client.force_login(world.ys_judge)
    assert case.case_number not in client.get("/cases/messages/").content.decode()
    assert client.post(f"/cases/messages/{note.pk}/retry/").status_code == 403
    note.refresh_from_db()
    assert note.status == "failed"
    client.force_login(world.supervisor)  # upper court: reads cases, does not keep the outbox
    assert client.get("/cases/messages/").status_code == 403


def test_outbox_api_filters_and_retries(world, as_user):
    _case, note = _failed_message(world)
    api = as_user(world.judge)
    body = api.get("/api/v1/notifications/?status=failed").json()
    assert [row["id"] for row in body["results"]] == [note.pk]
    assert body["results"][0]["last_error"] == "短信网关超时"
    response = api.post(f"/api/v1/notifications/{note.pk}/retry/")
    assert response.status_code == 200 and response.json()["status"] == "pending"
    assert api.post(f"/api/v1/notifications/{note.pk}/retry/").status_code == 409  # pending: being delivered, not twice
    Notification.objects.filter(pk=note.pk).update(status="sent")
    assert api.post(f"/api/v1/notifications/{note.pk}/retry/").status_code == 409
    assert as_user(world.ys_judge).post(f"/api/v1/notifications/{note.pk}/retry/").status_code == 404


def test_outbox_page_queries_do_not_grow_with_messages(client, world):
    client.force_login(world.judge)
    _failed_message(world)
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/messages/")
    for _i in range(5):
        _failed_message(world)
    with CaptureQueriesContext(connection) as many:
        client.get("/cases/messages/")
    assert len(many) == len(few)


def test_outbox_narrows_to_one_case_or_my_cases(client, world):
    case, _note = _failed_message(world)
    other, _other_note = _failed_message(world)
    client.force_login(world.judge)
    html = client.get("/cases/messages/", {"case": other.case_number}).content.decode()
    assert other.case_number in html and f">{case.case_number}<" not in html
    mine = client.get("/cases/messages/", {"mine": "1"}).content.decode()
    for c in (case, other):
        assert (c.case_number in mine) == (c.handler_id == world.judge.pk)

"""The audit trail cannot be edited through any UI or API (issue #8, hardening): no admin pages for the
history tables, the read-only admins refuse change, delete and the history "revert" form, and the API's
timeline and audit endpoints answer 405 to every write method. Row counts prove nothing was written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from simple_history.admin import SimpleHistoryAdmin

from cases.models import CaseEvent, EnforcementCase
from tests.hardening.helpers import APP_LABELS, all_rows, build_scene
from tests.reliability import tally

pytestmark = pytest.mark.django_db


def history_models():
    return [m for label in APP_LABELS for m in apps.get_app_config(label).get_models()
            if m.__name__.startswith("Historical")]


def admin_url(model, *parts) -> str:
    return "/".join(["/admin", model._meta.app_label, model._meta.model_name, *map(str, parts)]) + "/"


def test_no_admin_page_for_any_history_table_and_read_only_admins_refuse_every_write(world):
    case, _tracking, _campaign = build_scene(world)
    client = Client()
    client.force_login(world.admin)
    models = history_models()
    assert len(models) >= 10, [m.__name__ for m in models]
    before = all_rows()
    checks = 0
    for model in models:
        assert model not in admin.site._registry, model.__name__
        for url in (admin_url(model), admin_url(model, "add"), admin_url(model, 1, "change"), admin_url(model, 1, "delete")):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"history_change_reason": "篡改"}).status_code in (403, 404), url
            checks += 2

    # Every read-only admin with a history view: change, delete and "revert to this version" are refused.
    read_only = [(m, a) for m, a in admin.site._registry.items()
                 if isinstance(a, SimpleHistoryAdmin) and not a.has_change_permission(type("R", (), {"user": world.admin})())]
    assert EnforcementCase in dict(read_only) and CaseEvent in dict(read_only)
    for model, _admin in read_only:
        obj = model.objects.order_by("pk").first()
        if obj is None:
            continue
        urls = [admin_url(model, obj.pk, "change"), admin_url(model, obj.pk, "delete")]
        if hasattr(obj, "history"):
            assert client.get(admin_url(model, obj.pk, "history")).status_code == 200  # reading is fine
            urls.append(admin_url(model, obj.pk, "history", obj.history.order_by("history_id").first().history_id))
        for url in urls:
            response = client.post(url, {"post": "yes", "history_change_reason": "篡改"})
            assert response.status_code == 403, (url, response.status_code)
            checks += 1
    # The revert form with a complete, valid version of the case (it saved before the fix): refused.
    revert = admin_url(EnforcementCase, case.pk, "history", case.history.order_by("history_id").first().history_id)
    data = {k: v for k, v in model_to_dict(case).items() if v is not None}
    data.update({"target_amount": "1.00", "last_progress_at_0": "2026-01-10", "last_progress_at_1": "10:00:00",
                 "created_at_0": "2026-01-05", "created_at_1": "10:00:00"})
    assert client.post(revert, data).status_code == 403
    case.refresh_from_db()
    assert case.target_amount == Decimal("85000.00")
    assert all_rows() == before
    tally("hardening", checks=checks + 1)


def test_the_api_and_pages_of_the_trail_take_no_writes(world):
    case, _tracking, _campaign = build_scene(world)
    handler = Client()
    handler.force_login(case.handler)
    api = Client()
    api.force_login(world.admin)
    before = all_rows()
    checks = 0
    for endpoint in ("audit", "events"):
        url = f"/api/v1/cases/{case.pk}/{endpoint}/"
        assert api.get(url).status_code == 200
        for method in ("post", "put", "patch", "delete"):
            response = getattr(api, method)(url, {"field": "status", "new": "closed"}, content_type="application/json")
            assert response.status_code == 405, (method, url, response.status_code)
            checks += 1
    # The dossier's timeline and audit pages only read: a POST to them is refused and writes nothing.
    for url in (f"/cases/{case.pk}/audit/", f"/cases/{case.pk}/timeline/"):
        response = handler.post(url, {"field": "status", "new": "closed"})
        assert response.status_code == 405, (url, response.status_code)
        checks += 1
    assert all_rows() == before
    tally("hardening", checks=checks)

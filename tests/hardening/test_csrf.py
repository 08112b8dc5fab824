"""CSRF on every form (issue #8, hardening): every POST form the app renders, for every role, carries the
CSRF token; a POST to any of those actions without the token is refused with the Chinese CSRF page and
writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.hardening.helpers import all_rows, build_scene, crawl
from tests.reliability import tally

pytestmark = pytest.mark.django_db


def test_every_post_form_carries_the_token_and_a_post_without_it_is_refused(world):
    case, tracking, campaign = build_scene(world)
    starts = ["/", "/cases/", "/cases/mine/", f"/cases/{case.pk}/", "/cases/register/", "/cases/messages/",
              "/tracking/", f"/tracking/{tracking.pk}/", "/tracking/register/", "/transfers/policy/",
              "/transfers/campaigns/", f"/transfers/campaigns/{campaign.pk}/", "/transfers/campaigns/new/",
              "/reports/hard-cases/", "/reports/hard-cases/rules/", "/reports/dashboard/", "/imports/",
              "/tools/late-interest/", f"/cases/{case.pk}/interest/", "/relief/report/", "/transfers/concentration/",
              "/transfers/designations/", "/transfers/entrustments/", "/reports/caseload/"]
    actions: dict[str, str] = {}  # action path → the page it was found on
    pages = post_forms = 0
    for user in (world.judge, world.chief, world.clerk, world.officer, world.supervisor):
        client = Client()
        client.force_login(user)
        for path, page in crawl(client, starts, limit=45):
            pages += 1
            for form in page.forms:
                if form["method"] != "post":
                    continue
                post_forms += 1
                assert form["inputs"].get("csrfmiddlewaretoken"), f"{user.username}: POST form on {path} " \
                    f"(action {form['action'] or path}) has no CSRF token"
                actions.setdefault(form["action"] or path, path)
    # The dossier, registration, policy, campaign and tracking forms were all among them.
    for expected in (f"/cases/{case.pk}/payments/", "/cases/register/", "/transfers/policy/",
                     f"/cases/{case.pk}/petitions/", f"/tracking/{tracking.pk}/check/"):
        assert any(a.startswith(expected) for a in actions), (expected, sorted(actions))
    assert len(actions) >= 30, sorted(actions)

    # Now the same actions without the token, as the users who may use them: refused, nothing written.
    clients = []
    for user in (world.judge, world.chief, world.clerk, world.officer):
        clients.append((user, Client(enforce_csrf_checks=True)))
        clients[-1][1].force_login(user)  # (a login writes the user's history: counted before)
    before = all_rows()
    for user, strict in clients:
        for action in actions:
            response = strict.post(action, {"reason": "无令牌提交", "amount": "1.00"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
            assert response.status_code == 403, (user.username, action, response.status_code)
            assert "表单已失效" in response.content.decode(), action
    assert all_rows() == before
    tally("hardening", checks=post_forms + 4 * len(actions))
    print(f"{pages} pages, {post_forms} POST forms, {len(actions)} distinct actions")

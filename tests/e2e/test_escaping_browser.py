"""Output escaping in a real browser (issue #8, hardening): a respondent called <script>alert(1)</script>
with an <img onerror> address is shown as text on the case list and the dossier, and no script runs —
Chromium never opens a dialog."""

from __future__ import annotations

import pytest

from cases import services
from tests.factories import registration, resident_id
from tests.reliability import tally
from transfers.services import case_reassign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>alert(1)</script>"


def test_markup_in_party_data_is_shown_as_text_and_never_runs(e2e_world, live_server, page, login, artifacts):
    world = e2e_world
    parties = [services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=731)),
               services.PartyInput(role="respondent", kind="person", name=SCRIPT, id_number=resident_id(seq=732),
                                   address='<img src=x onerror="alert(2)">赞皇县')]
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, parties=parties))
    if case.handler_id != world.judge.pk:
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge.pk, reason="分案")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    login("judge")
    page.goto(f"{live_server.url}/cases/")
    assert SCRIPT in page.inner_text("main")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    text = page.inner_text("main")
    assert SCRIPT in text and '<img src=x onerror="alert(2)">' in text
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    page.screenshot(path=str(artifacts / "escaping-dossier.png"), full_page=False)
    assert dialogs == []
    tally("hardening", checks=2)

"""The dossier paints before the cards other apps add to it (escalation ladder, documents, relief,
hard cases, campaigns): the page holds a slot per card and the browser fetches each one
(/cases/<pk>/panels/<name>/, issue #7). The card answers with the same access rules as the page,
and a page shown again with a card's form errors has every card in place."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dossier import card_urls, dossier_html
from tests.factories import registration

pytestmark = pytest.mark.django_db

def count_queries(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured)


CARDS = ("related", "escalation", "documents", "relief", "hard-case", "campaigns")


@pytest.fixture
def case(world):
    from cases import services

    return services.case_register(actor=world.clerk, data=registration(world.zanhuang))


def test_the_page_holds_a_slot_per_card_and_each_card_arrives_on_its_own(client, world, case):
    client.force_login(world.judge)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    slots = card_urls(page)
    assert sorted(u.split("/")[-2] for u in slots) == sorted(CARDS)
    assert 'id="escalation"' not in page and 'id="documents"' not in page  # not rendered with the page …
    ladder = client.get(f"/cases/{case.pk}/panels/escalation/")
    assert ladder.status_code == 200 and 'id="escalation"' in ladder.content.decode()  # … but on its own
    assert client.get(f"/cases/{case.pk}/panels/campaigns/").content == b""  # in no campaign: nothing to show
    full = dossier_html(client, case)
    assert 'id="escalation"' in full and 'id="documents"' in full and "panel-slot" not in full


def test_the_page_costs_fewer_queries_than_the_page_with_its_cards(client, world, case):
    client.force_login(world.judge)
    client.get(f"/cases/{case.pk}/")
    page_only = count_queries(lambda: client.get(f"/cases/{case.pk}/"))
    with_cards = count_queries(lambda: dossier_html(client, case))
    assert page_only + len(CARDS) * 3 <= with_cards  # each card pays its session, user and case lookups and more


def test_a_card_answers_only_who_may_read_the_case(client, world, case):
    client.force_login(world.ys_judge)  # another basic court
    assert client.get(f"/cases/{case.pk}/panels/escalation/").status_code == 403
    client.force_login(world.supervisor)  # the intermediate court reads its jurisdiction
    assert client.get(f"/cases/{case.pk}/panels/escalation/").status_code == 200
    assert client.get(f"/cases/{case.pk}/panels/no-such-card/").status_code == 404
    assert client.get(f"/cases/{case.pk + 10_000}/panels/escalation/").status_code == 404
    client.logout()
    response = client.get(f"/cases/{case.pk}/panels/escalation/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    # The page's own fetches after the session expired (a card, the audit trail, earlier events): the
    # whole page goes to the login, and back to this dossier afterwards — not the login form into the
    # fragment's place.
    page = f"http://testserver/cases/{case.pk}/"
    for fragment in (f"/cases/{case.pk}/panels/escalation/", f"/cases/{case.pk}/audit/", f"/cases/{case.pk}/timeline/?offset=50"):
        response = client.get(fragment, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)
        assert response.status_code == 200 and not response.content, fragment
        assert response["HX-Redirect"] == f"/login/?next=/cases/{case.pk}/", fragment


def test_a_card_form_refused_shows_the_page_with_every_card_in_place(client, world, case):
    client.force_login(world.judge)
    response = client.post(f"/transfers/cases/{case.pk}/entrust/", {"entrust-to_court": "", "entrust-details": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "panel-slot" not in html and 'id="escalation"' in html and 'id="documents"' in html
    form = html.split('id="entrust-form"', 1)[1].split("</form>", 1)[0]
    assert "is-invalid" in form  # the error beside its field, in the card that holds the form

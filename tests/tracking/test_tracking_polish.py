"""What a court user reads on the tracking and relief pages (review of issue #9): sort options in the
page's language (django-filter wrote "(descending)" in English, fixed at import), hand-off refusals as
400 with the reason shown, the legal representative written "（法定代表人：…）" like the dossier, and
the statistics in the menu of every role that may read them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from cases.filters import CaseFilter
from cases.models import EnforcementCase
from courts.models import Role
from tests.factories import UserFactory
from tests.tracking.helpers import on, record
from tracking.filters import TrackingFilter
from tracking.models import TrackingRecord

pytestmark = pytest.mark.django_db
AFTER_DEADLINE = dt.date(2025, 4, 10)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sort_labels(filterset_class) -> dict[str, str]:
    return {value: str(label) for value, label in filterset_class({}).form.fields["ordering"].choices}


def test_descending_sort_options_speak_the_pages_language():
    with translation.override("en"):
        english, cases_english = sort_labels(TrackingFilter), sort_labels(CaseFilter)
    with translation.override("zh-hans"):
        chinese, cases_chinese = sort_labels(TrackingFilter), sort_labels(CaseFilter)
        descending = gettext("%(field)s (descending)")
    assert english["-effective_date"] == "Effective date (descending)"
    assert cases_english["-filed_on"] == "Filed on (descending)"
    # Chinese: "生效日期（降序）" once the catalogue has the label's format.
    assert chinese["-effective_date"] == descending % {"field": "生效日期"}
    assert chinese["-performance_deadline"] == descending % {"field": chinese["performance_deadline"]}
    assert cases_chinese["-filed_on"] == descending % {"field": cases_chinese["filed_on"]}
    assert chinese["effective_date"] == "生效日期"


def test_the_list_page_offers_the_sort_in_chinese(world):
    html = client_for(world.clerk).get("/tracking/").content.decode()
    options = html.split('name="ordering"')[1].split("</select>")[0]
    assert "生效日期" in options and gettext("%(field)s (descending)") % {"field": "生效日期"} in options


def test_a_hand_off_refused_in_its_state_is_a_400_with_the_reason(world):
    rec = record(world)
    clerk = client_for(world.clerk)
    with on(AFTER_DEADLINE):
        first = clerk.post(f"/tracking/{rec.pk}/hand-off/", {"handoff-applied_on": AFTER_DEADLINE.isoformat()})
        again = clerk.post(f"/tracking/{rec.pk}/hand-off/", {"handoff-applied_on": AFTER_DEADLINE.isoformat()})
    assert first.status_code == 302
    case = EnforcementCase.objects.get()
    assert again.status_code == 400
    assert case.case_number in again.content.decode(), "the page says which case it already became"
    assert EnforcementCase.objects.count() == 1


def test_a_hand_off_refused_for_an_existing_case_is_a_400(world):
    from cases import services as case_services
    from tests.factories import registration

    rec = record(world)
    with on(dt.date(2025, 4, 1)):
        direct = case_services.case_register(actor=world.clerk, data=registration(world.zanhuang, basis=case_services.BasisInput(
            document_number=rec.document_number, document_type="judgment", issuing_court="赞皇县人民法院",
            effective_date=dt.date(2025, 3, 1), performance_deadline=dt.date(2025, 3, 16))))
    with on(AFTER_DEADLINE):
        response = client_for(world.clerk).post(f"/tracking/{rec.pk}/hand-off/", {"handoff-applied_on": AFTER_DEADLINE.isoformat()})
    assert response.status_code == 400
    form = response.content.decode().split('id="handoff-form"')[1].split("</form>")[0]
    assert direct.case_number in form
    assert TrackingRecord.objects.get(pk=rec.pk).status == "tracking"


def test_the_legal_representative_reads_as_on_the_dossier(world):
    rec = record(world)
    html = client_for(world.clerk).get(f"/tracking/{rec.pk}/").content.decode()
    assert "（法定代表人：李老汉）" in html


def test_judges_and_assistants_find_the_statistics_in_the_menu(world):
    assistant = UserFactory(username="assistant", full_name="钱助理", role=Role.ASSISTANT, court=world.zanhuang)
    for user in (world.judge, assistant):
        page = client_for(user).get("/cases/")
        nav = page.content.decode().split("</nav>")[0]
        assert page.status_code == 200 and 'href="/tracking/metrics/"' in nav and 'href="/relief/report/"' in nav, user.role
        assert client_for(user).get("/tracking/metrics/").status_code == 200
        assert client_for(user).get("/relief/report/").status_code == 200

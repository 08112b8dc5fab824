"""REST API v1: token auth, registration, structured errors, scoping (403/404), transitions."""

import pytest

from cases import services
from cases.models import EnforcementCase, Party
from tests.factories import credit_code, registration, registration_payload, resident_id
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_token_login_then_register_over_the_api(world, api):
    response = api.post("/api/v1/auth/token/", {"username": "clerk", "password": "pw-12345"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post("/api/v1/cases/", registration_payload(world.zanhuang), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_number"].startswith("（") and "冀0129执" in body["case_number"]
    assert body["status"] == "registered"
    assert body["court"] == world.zanhuang.pk and body["court_name"] == "赞皇县人民法院"
    assert body["team"] in (world.zh_team1.pk, world.zh_team2.pk) and body["team_name"].startswith("执行")
    assert body["handler"] in (world.judge.pk, world.judge2.pk, world.judge3.pk) and body["handler_name"]
    assert body["target_amount"] == "85000.00"


def test_wrong_password_gets_no_token(world, api):
    response = api.post("/api/v1/auth/token/", {"username": "clerk", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_anonymous_requests_are_refused(world, api):
    assert api.get("/api/v1/cases/").status_code in (401, 403)


@pytest.mark.parametrize("change,path", [
    ({"target_amount": "-5"}, ["target_amount"]),
    ({"target_amount": "abc"}, ["target_amount"]),
    ({"basis": {"document_number": "（2025）冀0129民初1号", "document_type": "judgment", "issuing_court": "赞皇县人民法院",
                "effective_date": "2025-03-10", "performance_deadline": "2025-03-01"}}, ["basis", "performance_deadline"]),
    ({"basis": {"document_number": "x", "document_type": "judgment", "issuing_court": "y", "effective_date": "2025-13-45"}},
     ["basis", "effective_date"]),
    ({"cause": "nonsense"}, ["cause"]),
    ({"unknown_field": 1}, ["unknown_field"]),
])
def test_bad_registration_gives_structured_field_errors_and_writes_nothing(world, as_user, change, path):
    client = as_user(world.clerk)
    response = client.post("/api/v1/cases/", registration_payload(world.zanhuang, **change), format="json")
    assert response.status_code == 400, response.content
    node = response.json()
    for key in path:
        node = node[key]
    assert node and isinstance(node[0], str)
    assert EnforcementCase.objects.count() == 0 and Party.objects.count() == 0


def test_bad_resident_id_error_points_at_the_party_and_is_in_chinese(world, as_user):
    payload = registration_payload(world.zanhuang)
    number = payload["parties"][1]["id_number"]
    payload["parties"][1]["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    response = as_user(world.clerk).post("/api/v1/cases/", payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    errors = response.json()["parties"]
    assert errors[0] == {}
    assert "校验" in errors[1]["id_number"][0]
    assert EnforcementCase.objects.count() == 0


def test_registration_at_another_court_is_forbidden(world, as_user):
    response = as_user(world.clerk).post("/api/v1/cases/", registration_payload(world.yuanshi), format="json")
    assert response.status_code == 403
    assert EnforcementCase.objects.count() == 0


def test_judge_of_another_court_gets_403_and_unknown_case_404(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert as_user(world.ys_judge).get(f"/api/v1/cases/{case.pk}/").status_code == 403
    assert as_user(world.ys_judge).get(f"/api/v1/cases/{case.pk}/events/").status_code == 403
    assert as_user(world.ys_judge).post(f"/api/v1/cases/{case.pk}/transition/", {"transition": "start"}, format="json").status_code == 403
    assert as_user(world.judge).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert as_user(world.judge).get("/api/v1/cases/999999/").status_code == 404


def test_list_shows_only_visible_cases_and_upper_court_sees_its_jurisdiction(world, as_user):
    zh = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    ys = services.case_register(actor=world.ys_clerk, data=registration(world.yuanshi))
    ids = lambda user: {c["id"] for c in as_user(user).get("/api/v1/cases/").json()["results"]}  # noqa: E731
    assert ids(world.judge) == {zh.pk}
    assert ids(world.ys_judge) == {ys.pk}
    assert ids(world.supervisor) == {zh.pk, ys.pk}
    assert ids(world.admin) == {zh.pk, ys.pk}
    # the upper court reads but does not act
    response = as_user(world.supervisor).post(f"/api/v1/cases/{zh.pk}/transition/", {"transition": "start"}, format="json")
    assert response.status_code == 403


def test_ids_are_masked_in_lists_and_full_on_the_dossier_for_the_court(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    full = case.case_parties.get(role="respondent").party.id_number
    listed = as_user(world.judge).get("/api/v1/cases/").json()["results"][0]["parties"]
    assert all("*" in p["id_number"] for p in listed)
    detail = as_user(world.judge).get(f"/api/v1/cases/{case.pk}/").json()["parties"]
    assert full in [p["id_number"] for p in detail]
    upper = as_user(world.supervisor).get(f"/api/v1/cases/{case.pk}/").json()["parties"]
    assert full not in [p["id_number"] for p in upper]


def test_list_filters(world, as_user):
    a = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    b = services.case_register(actor=world.clerk, data=registration(world.zanhuang, cause="labour_remuneration"))
    client = as_user(world.chief)
    ids = lambda q: {c["id"] for c in client.get("/api/v1/cases/" + q).json()["results"]}  # noqa: E731
    assert ids("?cause=labour_remuneration") == {b.pk}
    assert ids("?party=李明") == {a.pk, b.pk}
    respondent_id = a.case_parties.get(role="respondent").party.id_number
    assert ids(f"?party={respondent_id}") == {a.pk, b.pk}
    assert ids(f"?handler={a.handler_id}") == {c.pk for c in (a, b) if c.handler_id == a.handler_id}
    assert ids("?status=open") == {a.pk, b.pk}
    assert ids("?status=closed") == set()
    assert ids(f"?case_number={a.case_number}") == {a.pk}


def test_list_query_count_does_not_grow_with_cases(world, as_user):
    client = as_user(world.chief)
    services.case_register(actor=world.clerk, data=registration(world.zanhuang))

    def grow():
        for _ in range(5):
            services.case_register(actor=world.clerk, data=registration(world.zanhuang))

    response = assert_constant_queries(lambda: client.get("/api/v1/cases/"), grow)
    assert response.json()["count"] == 6


def test_illegal_transition_is_refused_with_409(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client = as_user(world.judge)
    response = client.post(f"/api/v1/cases/{case.pk}/transition/", {"transition": "resume"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    case.refresh_from_db()
    assert case.status == "registered"
    response = client.post(f"/api/v1/cases/{case.pk}/transition/", {"transition": "start"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"


def test_openapi_schema_is_served(world, as_user):
    response = as_user(world.judge).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/cases/" in text and "/api/v1/auth/token/" in text and "/api/v1/courts/" in text


def test_courts_and_teams(world, as_user):
    client = as_user(world.judge)
    courts = client.get("/api/v1/courts/?level=basic").json()["results"]
    assert {c["case_prefix"] for c in courts} >= {"冀0129", "冀0132"}
    assert client.get(f"/api/v1/courts/{world.zanhuang.pk}/").json()["name"] == "赞皇县人民法院"
    teams = client.get("/api/v1/teams/").json()["results"]
    assert {t["court"] for t in teams} == {world.zanhuang.pk}


def test_non_numeric_case_id_is_404_not_a_crash(world, as_user):
    client = as_user(world.judge)
    for path in ("/api/v1/cases/abc/", "/api/v1/cases/abc/events/", "/api/v1/cases/abc/audit/"):
        assert client.get(path).status_code == 404
    assert client.post("/api/v1/cases/abc/transition/", {"transition": "start"}, format="json").status_code == 404


@pytest.mark.parametrize("field,value", [
    ("target_amount", "1e30"), ("target_amount", "1E+400"), ("target_amount", "NaN"), ("target_amount", 12.5),
    ("target_amount", True), ("target_amount", "999999999999999"),
])
def test_odd_amounts_are_field_errors(world, as_user, field, value):
    response = as_user(world.clerk).post("/api/v1/cases/", registration_payload(world.zanhuang, **{field: value}), format="json")
    assert response.status_code == 400 and response.json()[field]
    assert EnforcementCase.objects.count() == 0


def test_integer_amount_is_accepted(world, as_user):
    response = as_user(world.clerk).post("/api/v1/cases/", registration_payload(world.zanhuang, target_amount=85000), format="json")
    assert response.status_code == 201 and response.json()["target_amount"] == "85000.00"


def test_case_number_sorts_by_sequence_not_as_text(world, as_user):
    cases = [services.case_register(actor=world.clerk, data=registration(world.zanhuang)) for _ in range(11)]
    ids = [c["id"] for c in as_user(world.chief).get("/api/v1/cases/?ordering=case_number").json()["results"]]
    assert ids == [c.pk for c in cases]  # 执1 … 执9, 执10, 执11


def test_audit_masks_identity_for_upper_courts_and_hides_other_courts_party_edits(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    # 元氏 registers the same respondent with a new phone: the shared party record changes
    data = registration(world.yuanshi)
    data.parties[1].phone = "13912345678"
    services.case_register(actor=world.ys_clerk, data=data)
    upper = as_user(world.supervisor).get(f"/api/v1/cases/{case.pk}/audit/").json()
    text = str(upper)
    assert "13903110002" not in text and "13912345678" not in text and "冯立案" not in text
    party_created = [e for e in upper if e["action"] == "created" and e["object_repr"] == "李明"]
    assert party_created  # this court's own registration of the party is listed
    own = str(as_user(world.judge).get(f"/api/v1/cases/{case.pk}/audit/").json())
    assert "冯立案" not in own  # another court's activity stays out of this dossier


def test_filing_clerk_registers_but_does_not_work_cases(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client = as_user(world.clerk)
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["available_transitions"] == []
    response = client.post(f"/api/v1/cases/{case.pk}/transition/", {"transition": "start"}, format="json")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "registered"
    # the handler and the bureau chief can
    assert as_user(world.chief).get(f"/api/v1/cases/{case.pk}/").json()["available_transitions"] == ["start", "close"]


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    assert "'403':" in text and "'404':" in text  # documented for schema-driven clients and fuzzers


def test_the_hand_written_list_rows_carry_exactly_the_declared_fields(world, as_user):
    """cases.api.CaseSerializer writes its rows by hand (issue #7): the schema's fields, no more, no
    fewer, in list and detail alike."""
    from cases.api import CaseDetailSerializer, CaseSerializer

    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    listed = as_user(world.judge).get("/api/v1/cases/").json()["results"][0]
    assert set(listed) == set(CaseSerializer().fields)
    assert set(listed["parties"][0]) == set(CaseSerializer().fields["parties"].child.fields)
    detail = as_user(world.judge).get(f"/api/v1/cases/{case.pk}/").json()
    assert set(detail) == set(CaseDetailSerializer().fields)
    assert detail["basis"]["document_number"] == case.basis.document_number


def test_a_fractional_id_is_refused_not_rounded_to_another_row(world, as_user):
    """JSON 12.5 for a court id: the database would read row 12 (DRF passes it on); refused instead."""
    payload = registration_payload(world.zanhuang)
    payload["court"] = world.zanhuang.pk + 0.5
    response = as_user(world.clerk).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400 and list(response.json()) == ["court"]
    assert EnforcementCase.objects.count() == 0
    payload["court"] = str(world.zanhuang.pk)  # a whole number as text is still fine
    assert as_user(world.clerk).post("/api/v1/cases/", payload, format="json").status_code == 201


def test_a_transition_refused_to_the_user_is_refused_whatever_the_body(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    outsider = world.judge3 if case.team_id != world.zh_team2.pk else world.judge
    for body in ({"transition": "no-such-step"}, {"transition": "start"}):
        response = as_user(outsider).post(f"/api/v1/cases/{case.pk}/transition/", body, format="json")
        assert response.status_code == 403, response.content
    case.refresh_from_db()
    assert case.status == "registered"


@pytest.mark.parametrize("debug", [False, True])
def test_an_unrouted_api_url_answers_json_404_with_debug_on_or_off(world, as_user, settings, debug):
    settings.DEBUG = debug  # the demo runs with DEBUG on: Django's HTML 404 page would answer otherwise
    response = as_user(world.judge).get("/api/v1/cases/abc/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("overrides", [
    {},
    # a ledger flag: the hard-case hook records an event through its own instance of the case
    {"interference_risk": True, "target_amount": "1234.5",
     "non_monetary_obligations": "  交付车辆  ",
     "parties": [
         {"role": "applicant", "kind": "person", "name": "张建国", "id_number": resident_id(seq=1), "phone": "13803110001"},
         {"role": "respondent", "kind": "state_organ", "name": "赞皇县某局", "id_type": "credit_code",
          "id_number": credit_code(seq=7)},
         {"role": "respondent", "kind": "person", "name": "王五", "id_type": "none", "id_missing_reason": "不详"},
     ]},
])
def test_registration_answers_with_the_case_as_a_read_of_it_gives(world, as_user, overrides):
    """The 201 body is built from the instance the service wrote (no re-read): it must be exactly what
    reading the case back gives."""
    client = as_user(world.clerk)
    response = client.post("/api/v1/cases/", registration_payload(world.zanhuang, **overrides), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == client.get(f"/api/v1/cases/{body['id']}/").json()
    assert len(body["parties"]) == len(registration_payload(world.zanhuang, **overrides)["parties"])
    assert body["handler"] is not None and body["is_special_subject"] is bool(overrides)


def test_the_detail_extra_fields_are_what_drfs_own_path_gives(world):
    """CaseDetailSerializer builds only its extra fields (copies of class-wide prototypes) instead of
    every field of the model: the output must be DRF's, key for key and in order."""
    import datetime as dt
    from decimal import Decimal
    from types import SimpleNamespace

    from django.utils import timezone

    from cases import selectors
    from cases.api import CaseDetailSerializer

    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    EnforcementCase.objects.filter(pk=case.pk).update(
        last_progress_at=timezone.now() - dt.timedelta(days=3, microseconds=7), held_amount=Decimal("12.5"),
        held_since=dt.date(2025, 5, 1), found_cash_amount=Decimal("3"), disbursed_amount=Decimal("1.25"))
    for user in (world.judge, world.clerk):
        case = selectors.case_get(pk=case.pk)
        context = {"request": SimpleNamespace(user=user), "show_full_ids": True}
        fast = CaseDetailSerializer(case, context=context).data
        generic = CaseDetailSerializer(case, context=context)
        assert generic.fields  # built up front: the extra fields come from DRF's own field set
        slow = generic.data
        assert list(fast.items()) == list(slow.items())
    assert fast["held_amount"] == "12.50" and fast["last_progress_at"] and fast["basis"]["document_number"]

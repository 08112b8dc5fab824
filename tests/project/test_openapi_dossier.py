"""The dossier endpoints are in the OpenAPI schema, with their filters, bodies and error responses."""

import pytest

pytestmark = pytest.mark.django_db

CASE = "/api/v1/cases/{case_pk}"
PATHS = {
    f"{CASE}/investigations/": {"get", "post"},
    f"{CASE}/investigations/{{id}}/": {"get", "patch"},
    f"{CASE}/procedure-steps/": {"get", "post"},
    f"{CASE}/controls/": {"get", "post"},
    f"{CASE}/controls/{{id}}/": {"get"},
    f"{CASE}/controls/{{id}}/renew/": {"post"},
    f"{CASE}/controls/{{id}}/release/": {"post"},
    f"{CASE}/controls/{{id}}/deduct/": {"post"},
    f"{CASE}/controls/{{id}}/valuations/": {"post"},
    f"{CASE}/controls/{{id}}/auctions/": {"post"},
    f"{CASE}/controls/{{id}}/auctions/{{auction_pk}}/conclude/": {"post"},
    f"{CASE}/controls/{{id}}/sale/": {"post"},
    f"{CASE}/controls/{{id}}/in-kind/": {"post"},
    f"{CASE}/measures/": {"get", "post"},
    f"{CASE}/measures/{{id}}/": {"get"},
    f"{CASE}/measures/{{id}}/lift/": {"post"},
    f"{CASE}/payments/": {"get", "post"},
    f"{CASE}/disbursements/": {"get", "post"},
    f"{CASE}/ledger/": {"get"},
    f"{CASE}/claims/": {"post"},
    f"{CASE}/distribution/": {"get", "post"},
    f"{CASE}/settlement/": {"get", "post"},
    f"{CASE}/settlement/breach/": {"post"},
    f"{CASE}/close/": {"get", "post"},
    f"{CASE}/resume/": {"post"},
    f"{CASE}/related/": {"get"},
    f"{CASE}/dossier/": {"get"},
    "/api/v1/dossiers/": {"get"},
}


@pytest.fixture
def schema(world, as_user):
    response = as_user(world.judge).get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_every_dossier_endpoint_is_documented_with_its_errors(schema):
    paths = schema["paths"]
    for path, methods in PATHS.items():
        assert path in paths, path
        assert set(paths[path]) - {"parameters"} == methods, path
        for method in methods:
            operation = paths[path][method]
            assert operation.get("summary"), (path, method)
            if path.startswith(CASE):
                assert {"403", "404"} <= set(operation["responses"]), (path, method)
                case_pk = next(p for p in operation["parameters"] if p["name"] == "case_pk")
                assert case_pk["in"] == "path" and case_pk["schema"]["type"] == "integer"
            if method in ("post", "patch"):
                assert "requestBody" in operation and "400" in operation["responses"], (path, method)


def test_list_filters_are_documented(schema):
    def params(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert {"category", "tier", "result", "page"} <= params(f"{CASE}/investigations/")
    assert {"status", "kind", "expiring_within"} <= params(f"{CASE}/controls/")
    assert {"kind", "active"} <= params(f"{CASE}/measures/")
    assert {"source", "received_after", "received_before"} <= params(f"{CASE}/payments/")
    assert {"sort", "page"} <= params("/api/v1/dossiers/")
    assert {"whereabouts_unknown", "obstruction", "blacklist_not_applicable_reason", "undisposable_reason"} <= params(f"{CASE}/close/")


def test_money_is_a_decimal_string_in_the_schema(schema):
    components = schema["components"]["schemas"]
    for name, field in (("Payment", "amount"), ("Control", "frozen_balance"), ("Ledger", "outstanding"),
                        ("PaymentRecordRequest", "amount"), ("SettlementRecordRequest", "agreed_amount")):
        assert components[name]["properties"][field]["type"] == "string", (name, field)
    assert components["Control"]["properties"]["frozen_balance"]["format"] == "decimal"

"""API fuzzing (issue #8, item 2): schemathesis generates requests for every operation of
``/api/schema/`` and sends them, authenticated (token of the system administrator, who may reach every
operation), to the Django app in process through its WSGI handler. Every response must be no server
error (5xx) and must conform to the schema: a documented status code, a documented content type, a body
matching the documented schema, and a request that breaks the schema in its body or path refused. Path
parameters name real rows of the demo world (conftest.py) as well as missing ones. Bounded and
deterministic: see schema.py.

Then bad input on every write operation of the schema (item 6), in the same world.
"""

from __future__ import annotations

import re

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.value import GeneratedValue
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_fuzz.schema import SCHEMA
from tests.reliability import tally


@schemathesis.check
def negative_body_or_path_rejected(ctx, response, case):
    """schemathesis's negative_data_rejection, except where only query parameters were broken: the list
    filters read a query string the way the browser's forms write it — an empty value means "no
    filter", ``own=1`` or ``own=yes`` mean true, a page size that is not a number means the default."""
    meta = case.meta
    if meta is not None and meta.generation.mode.is_negative:
        negated = {location for location, info in meta.components.items() if info.mode.is_negative}
        if negated and negated <= {ParameterLocation.QUERY}:
            return None
    return negative_data_rejection(ctx, response, case)


# What every response must satisfy. Not schemathesis's positive_data_acceptance: a schema-valid body
# may still break a rule of the domain (an amount above what is outstanding, a date in the future),
# and the API answers that with a field-level 400, as documented.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_body_or_path_rejected]

# Filled by the fuzz_world fixture before any request is generated (strategies draw lazily).
REAL_PATH_VALUES: dict[str, list[dict]] = {}


@SCHEMA.hook
def before_generate_path_parameters(context, strategy):
    """Half of the generated paths name rows that exist (one set pairs an item with another parent);
    their other parameters (e.g. a document's file format) are generated as usual."""
    template = context.operation.path

    def real():
        values = REAL_PATH_VALUES.get(template)
        return st.sampled_from(values) if values else st.nothing()

    def overlay(pair) -> dict:
        generated, rows = pair
        if isinstance(generated, GeneratedValue):  # what a negative strategy yields (value + metadata)
            generated = generated.value
        return {**generated, **rows}

    return st.one_of(st.tuples(strategy, st.deferred(real)).map(overlay), strategy)


@SCHEMA.parametrize()
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture,
                                            hypothesis.HealthCheck.too_slow])
def test_operation_conforms_and_never_fails(case, fuzz_world, fuzz_statuses, db):
    REAL_PATH_VALUES.update(fuzz_world.path_values)
    response = case.call_and_validate(headers={"Authorization": f"Token {fuzz_world.tokens['admin']}"},
                                      checks=CHECKS)
    fuzz_statuses[response.status_code] += 1


# --- bad input on every write operation (issue #8, item 6) ------------------------------------------
# Each write operation gets malformed values of each of its body's fields, an unknown field, a body that
# is not an object, and malformed ids in its path. Every one must be answered with a structured error —
# a 400 that names the field, or the API's JSON 404 for an id — and leave every table as it was.

PARAM_NAMES = re.compile(r"\{(\w+)\}")
UNKNOWN = "no_such_field"
IMPOSSIBLE_DATES = ["2026-02-30", "2026-13-01", "yesterday", "2026-1-32"]
BAD_IDS = ["abc", "0", "-1", "1.5", "99999999999999999999"]


def bad_field_values(name: str, schema: dict) -> list:
    """Values the field's own declaration rules out (the service never sees them)."""
    kind, fmt = schema.get("type"), schema.get("format")
    if "enum" in schema:
        return ["no_such_choice", 7]
    if kind == "string" and fmt == "date":
        return IMPOSSIBLE_DATES
    if kind == "string" and schema.get("maxLength"):
        values = ["长" * (schema["maxLength"] + 1)]
        if schema["maxLength"] == 24:  # amounts (MoneyField): a JSON float has lost exactness already
            values.append(12.345)
        return values
    if kind == "integer":
        return ["abc", 1.5, [1]]
    if kind == "boolean":
        return ["maybe", [True]]
    if kind == "array":
        return ["not a list"]
    return []


def _write_cases():
    from tests.api_fuzz.schema import body_fields, write_operations

    for method, path, operation in write_operations():
        fmt, fields = body_fields(operation)
        yield pytest.param(method, path, fmt, fields, id=f"{method.upper()} {path}")


def test_the_demo_world_has_rows_for_every_path(fuzz_world, db):
    """Otherwise the fuzzing would only ever hit missing rows there."""
    from tests.api_fuzz.conftest import id_parameters

    empty = [path for path, values in fuzz_world.path_values.items() if id_parameters(path) and not values]
    assert empty == []


@pytest.mark.parametrize(("method", "path", "fmt", "fields"), list(_write_cases()))
def test_write_operation_rejects_bad_input_and_writes_nothing(method, path, fmt, fields, fuzz_world, db, api_client):
    """An operation without a body (e.g. retry, launch) is tried with malformed ids only."""
    from tests.api_fuzz.rows import changed, row_counts

    real = fuzz_world.path_values.get(path) or [{}]
    assert set(real[0]) == set(PARAM_NAMES.findall(path)), f"the demo world has no row for {path}"
    url = path.format(**real[0])
    tried = 0
    before = row_counts()

    def send(target: str, body, body_format: str = "json"):
        nonlocal tried
        tried += 1
        return getattr(api_client, method)(target, body, format=body_format)

    if fmt is not None:
        # One bad field at a time, and a field the operation does not know: a 400 that names it.
        bodies = [({UNKNOWN: "x"}, UNKNOWN)]
        bodies += [({name: value}, name) for name, schema in fields.items() for value in bad_field_values(name, schema)
                   if fmt == "json" or isinstance(value, str)]
        for body, blamed in bodies:
            response = send(url, body, fmt)
            assert response.status_code == 400, (body, response.status_code, response.content[:300])
            errors = response.json()
            assert isinstance(errors, dict) and blamed in errors, (body, errors)
    if fmt == "json":
        for body in ([1, 2], "text"):
            response = send(url, body)
            assert response.status_code == 400, (body, response.status_code, response.content[:300])
            assert isinstance(response.json(), dict)
    # Malformed ids in the path: the API's JSON 404.
    for name in PARAM_NAMES.findall(path):
        for bad in BAD_IDS:
            response = send(path.format(**{**real[0], name: bad}), {})
            assert response.status_code == 404, (name, bad, response.status_code, response.content[:300])
            assert response["Content-Type"] == "application/json" and "detail" in response.json()
    assert changed(before, row_counts()) == {}
    tally("bad_input", cases=tried)

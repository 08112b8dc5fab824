"""The OpenAPI schema under test, loaded from the running Django app (``/api/schema/``, drf-spectacular)
through its WSGI handler, in process — no server, no network.

The generation is bounded and deterministic: a fixed number of examples per operation, Hypothesis
derandomized and without an example database, so that CI runs the same requests every time.
"""

from __future__ import annotations

import os

import schemathesis
from django.core.wsgi import get_wsgi_application

# Per operation: the fuzzing phase's generated requests (positive and negative data), on top of the
# schema's own examples. ~145 operations × this stays within the suite's few-minute budget.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))

CONFIG = schemathesis.Config.from_dict({
    "generation": {
        "mode": "all",               # schema-valid data and data that breaks the schema on purpose
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,       # Hypothesis derandomize: the same requests on every run
        "database": "none",
    },
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": False},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
})

SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


def operations(schema=SCHEMA) -> list:
    return [result.ok() for result in schema.get_all_operations()]


WRITE_METHODS = ("post", "put", "patch", "delete")


def deref(node: dict) -> dict:
    """``node`` with a local ``$ref`` (or a one-element ``allOf``) replaced by what it points to."""
    if "allOf" in node and len(node["allOf"]) == 1:
        node = node["allOf"][0]
    elif "oneOf" in node:  # an enum that may also be blank / null: its first branch is the enum
        node = node["oneOf"][0]
    if "$ref" in node:
        target = SCHEMA.raw_schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return deref(target)
    return node


def write_operations() -> list[tuple[str, str, dict]]:
    """(method, path template, operation object) of every operation that changes something."""
    found = []
    for path, item in SCHEMA.raw_schema["paths"].items():
        for method, operation in item.items():
            if method in WRITE_METHODS:
                found.append((method, path, operation))
    return found


def body_fields(operation: dict) -> tuple[str | None, dict[str, dict]]:
    """The request body's format for the test client ("json", "multipart" or None without a body) and
    its top-level properties (name → dereferenced schema)."""
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, fmt in (("application/json", "json"), ("multipart/form-data", "multipart")):
        if media_type in content:
            body = deref(content[media_type]["schema"])
            return fmt, {name: deref(prop) for name, prop in body.get("properties", {}).items()}
    return None, {}

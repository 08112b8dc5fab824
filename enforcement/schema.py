"""The OpenAPI schema generator of the API (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

drf-spectacular documents what each endpoint declares; the error answers that the framework gives on
its own, the same for every endpoint, are added here in one place so that the schema lists every status
code the API can return (tests/api_fuzz checks every response against it):

- 400 where the operation takes query parameters: a filter or the page size rejects a value, with the
  errors keyed by parameter (``{"court": ["…"]}``);
- 404 where the path names a row (the id does not exist, or is not a number), on a paginated list
  (a page past the end) and where ``?format=`` picks the renderer (DRF: an unknown format is not found);
- 403 where the operation needs a logged-in user (DRF answers 403, not 401, to a request without valid
  credentials because session authentication comes first);
- 415 where the operation reads a body (a Content-Type no parser reads, or a malformed multipart body).
An endpoint that documents one of these codes itself keeps its own description.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of a 403 / 404 (and of a 400 that concerns no particular field)."""

    detail = serializers.CharField()


QUERY_REJECTED = OpenApiResponse(
    OpenApiTypes.OBJECT, description="A query parameter was rejected: messages keyed by parameter name")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such object (or no such page)")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Not logged in, or not allowed for this user or court")
UNSUPPORTED = OpenApiResponse(ErrorSerializer, description="The body's media type is not one the endpoint reads")


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        security = operation.get("security")
        extra = {}
        if "query" in places:
            extra["400"] = QUERY_REJECTED
        if "path" in places or "page" in query or "format" in query:
            extra["404"] = NOT_FOUND
        if security and {} not in security:  # {} would mean "anonymous allowed"
            extra["403"] = FORBIDDEN
        if "requestBody" in operation:
            extra["415"] = UNSUPPORTED
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return operation

"""Cross-cutting API pieces: the exception handler that keeps every error structured, and the mixin that
makes every input serializer refuse fields it does not know."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from enforcement.errors import FieldErrors, IllegalTransition


class StrictFieldsMixin:
    """Reject fields the endpoint does not know, so a typo is an error rather than silently lost.

    Every serializer that reads a request body mixes this in (nested ones too); tests/api_fuzz sends an
    unknown field to every write operation and expects a 400 naming it."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
            wrong_ids = _fractional_ids(self.fields, data)
            if wrong_ids:
                raise serializers.ValidationError(wrong_ids)
        return super().to_internal_value(data)


def _integral(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())


def _fractional_ids(fields, data) -> dict:
    """Ids given as 1.5 or "1.5": DRF's PrimaryKeyRelatedField hands them to the database, which takes
    1.5 for row 1 — a silently different court or judge. Refused here for every related field."""
    errors = {}
    for name, field in fields.items():
        if name not in data or data[name] is None or field.read_only:
            continue
        if isinstance(field, serializers.ManyRelatedField):
            values = data[name] if isinstance(data[name], list) else []
            related = field.child_relation
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            values, related = [data[name]], field
        else:
            continue
        bad = next((v for v in values if not _integral(v)), None)
        if bad is not None:
            errors[name] = [related.error_messages["incorrect_type"].format(data_type=type(bad).__name__)]
    return errors


def exception_handler(exc, context):
    """Turn service-layer errors into structured responses.

    Services raise Django's ValidationError (with a field → messages dict where a field is at
    fault) and IllegalTransition; the API answers 400 with field errors and 409 for a state conflict.
    """
    if isinstance(exc, IllegalTransition):
        return Response(
            {"detail": str(exc), "code": "illegal_transition", "status": exc.current_status},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, FieldErrors):
        return Response(_stringify(exc.errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = ValidationError(exc.message_dict)
        else:
            exc = ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, ObjectDoesNotExist):
        # A service given an id that does not exist (e.g. a control of another case, deleted meanwhile).
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return Response({"detail": str(exc) or "permission denied"}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)


def _stringify(value):
    """Lazy translation proxies → str, recursively, so the renderer sees plain JSON."""
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stringify(v) for v in value]
    return str(value)

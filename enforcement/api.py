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
        return super().to_internal_value(data)


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

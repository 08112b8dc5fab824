"""Reads of cases used by views, the API and reports. Scoping always goes through courts.access."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from simple_history.utils import get_history_model_for_model

from cases.models import CaseEvent, CaseParty, EnforcementCase
from courts import access
from courts.models import User


def case_list(*, user: User) -> QuerySet[EnforcementCase]:
    """Cases the user may see, with what a list row shows, in a constant number of queries."""
    return access.visible_cases(user).select_related("court", "team", "handler").prefetch_related(
        Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position", "pk"))
    )


def case_detail_queryset() -> QuerySet[EnforcementCase]:
    return EnforcementCase.objects.select_related(
        "court", "team", "handler", "basis", "registered_by", "origin_case"
    ).prefetch_related(
        Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position", "pk")),
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("-occurred_at", "-pk")),
    )


def case_get(*, pk: int) -> EnforcementCase | None:
    """A case by id with everything the dossier shows — unscoped: callers check access themselves so
    they can tell 'no such case' (404) from 'not yours' (403)."""
    return case_detail_queryset().filter(pk=pk).first()


def case_audit_trail(*, case: EnforcementCase, limit: int = 200) -> list[dict]:
    """Every recorded change of the case, its basis, its party links and parties, and its
    assignments — newest first, each with who, when, why and the fields that changed."""
    from cases.models import Basis, Party
    from transfers.models import Assignment

    entries: list[dict] = []
    sources = [
        (EnforcementCase, {"id": case.pk}),
        (Basis, {"id": case.basis_id}),
        (CaseParty, {"case_id": case.pk}),
        (Party, {"id__in": [link.party_id for link in case.case_parties.all()]}),
        (Assignment, {"case_id": case.pk}),
    ]
    for model, lookup in sources:
        history_model = get_history_model_for_model(model)
        records = list(
            history_model.objects.filter(**lookup).select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
        # Diff each record against the previous version of the same object.
        by_object: dict[int, list] = {}
        for record in reversed(records):
            by_object.setdefault(record.id, []).append(record)
        for versions in by_object.values():
            previous = None
            for record in versions:
                changes = []
                if previous is not None:
                    delta = record.diff_against(previous)
                    changes = [
                        {"field": str(model._meta.get_field(c.field).verbose_name), "old": _fmt(c.old), "new": _fmt(c.new)}
                        for c in delta.changes
                    ]
                entries.append({
                    "object": str(model._meta.verbose_name),
                    "object_repr": str(record.instance) if record.history_type != "-" else "",
                    "action": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                    "user": record.history_user.display_name if record.history_user else "",
                    "at": record.history_date,
                    "reason": record.history_change_reason or "",
                    "changes": changes,
                })
                previous = record
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]


def _fmt(value) -> str:
    return "" if value is None else str(value)

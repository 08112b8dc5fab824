"""Reads of cases used by views, the API and reports. Scoping always goes through courts.access."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from simple_history.utils import get_history_model_for_model

from cases.models import CaseEvent, CaseParty, EnforcementCase
from courts import access
from courts.models import User

# What a list row shows (the case list page, the API's CaseSerializer): a page of 50 reads these
# columns only, not the whole case with its court, team and handler (a user row carries its password
# hash, a court its address …); building those objects cost more than the query (bench/).
LIST_FIELDS = (
    "case_number", "status", "closure_type", "court_id", "team_id", "handler_id", "cause", "target_amount",
    "recovered_amount", "non_monetary_obligations", "filed_on", "closed_on", "is_livelihood", "is_special_subject",
    "interference_risk", "upper_court_supervised",
    "court__name", "court__short_name", "team__name",
    "handler__full_name", "handler__first_name", "handler__last_name", "handler__username",
)
LIST_PARTY_FIELDS = (
    "case_id", "party_id", "role", "position", "liability_cap", "claim_amount", "claim_class",
    "party__kind", "party__name", "party__id_type", "party__id_number", "party__phone", "party__address",
)


def case_list(*, user: User) -> QuerySet[EnforcementCase]:
    """Cases the user may see, with what a list row shows, in a constant number of queries."""
    links = CaseParty.objects.select_related("party").only(*LIST_PARTY_FIELDS).order_by("role", "position", "pk")
    return (access.visible_cases(user).select_related("court", "team", "handler").only(*LIST_FIELDS)
            .prefetch_related(Prefetch("case_parties", queryset=links)))


def case_parties_prefetch() -> Prefetch:
    """A case's party links with their parties, in the dossier's order."""
    return Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position", "pk"))


def case_detail_queryset(*, events: bool = False) -> QuerySet[EnforcementCase]:
    """A case with what its dossier shows; ``events=False`` leaves the timeline out (a case's timeline
    runs to hundreds of events: only the pages that show it load it)."""
    # The originating case (a 执恢 or a designated court's new case) is prefetched, not joined: a join of
    # the case table to itself makes PostgreSQL weigh each of its indexes, and planning alone then costs
    # several times the lookup (bench/). Most cases have none, and a prefetch of nothing runs no query.
    prefetches = [case_parties_prefetch(), "origin_case"]
    if events:
        prefetches.append(Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("-occurred_at", "-pk")))
    return EnforcementCase.objects.select_related(
        "court", "team", "handler", "basis", "registered_by"
    ).prefetch_related(*prefetches)


def case_get_light(*, pk: int) -> EnforcementCase | None:
    """A case with its court and parties only — for a dossier card (cases.panels), which reads few of the
    case's relations: the others load on first use, each a lookup by key. The dossier's six joins cost
    PostgreSQL more to plan than to run, and a card would pay them again."""
    return EnforcementCase.objects.select_related("court").prefetch_related(case_parties_prefetch()).filter(
        pk=pk).order_by().first()


def case_get(*, pk: int, events: bool = False) -> EnforcementCase | None:
    """A case by id with everything the dossier shows — unscoped: callers check access themselves so
    they can tell 'no such case' (404) from 'not yours' (403)."""
    return case_detail_queryset(events=events).filter(pk=pk).first()


# Other apps add their audited models of a case here (AppConfig.ready): each provider takes the case
# and returns [(model, lookup), …] (e.g. relief: judicial aid, bankruptcy referral, custodians).
AUDIT_SOURCES: list = []


def case_audit_trail(*, case: EnforcementCase, full_identity: bool = False, limit: int = 200) -> list[dict]:
    """Every recorded change of the case, its basis, its party links and parties, and its
    assignments — newest first, each with who, when, why and the fields that changed.

    Parties are shared across courts: only changes made by this court's staff (or the system) are
    listed, and ID numbers and phones are masked unless ``full_identity``."""
    from cases.models import (
        AuctionRound,
        Basis,
        CoerciveMeasure,
        ControlAction,
        Disbursement,
        Investigation,
        Party,
        Payment,
        Settlement,
    )
    from transfers.models import Assignment, DesignationRequest, Entrustment

    entries: list[dict] = []
    party_names = {link.party_id: link.party.name for link in case.case_parties.all()}
    sources = [
        (EnforcementCase, {"id": case.pk}),
        (Basis, {"id": case.basis_id}),
        (CaseParty, {"case_id": case.pk}),
        (Party, {"id__in": [link.party_id for link in case.case_parties.all()]}),  # narrowed below
        (Assignment, {"case_id": case.pk}),
        # The dossier's own records (DESIGN.md §6, §9): who froze, deducted, paid out, settled.
        (Investigation, {"case_id": case.pk}),
        (ControlAction, {"case_id": case.pk}),
        (AuctionRound, {"control__case_id": case.pk}),
        (CoerciveMeasure, {"case_id": case.pk}),
        (Payment, {"case_id": case.pk}),
        (Disbursement, {"case_id": case.pk}),
        (Settlement, {"case_id": case.pk}),
        # Cross execution (DESIGN.md §8): designation requests and decisions, entrustments and replies.
        (DesignationRequest, {"case_id": case.pk}),
        (Entrustment, {"case_id": case.pk}),
    ]
    for provider in AUDIT_SOURCES:
        sources += provider(case)
    for model, lookup in sources:
        history_model = get_history_model_for_model(model)
        rows = history_model.objects.filter(**lookup)
        if model is Party:
            rows = rows.filter(Q(history_user__isnull=True) | Q(history_user__court_id=case.court_id))
        records = list(rows.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
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
                        {"field": model._meta.get_field(c.field), "old": c.old, "new": c.new}
                        for c in delta.changes if c.field not in HIDDEN_AUDIT_FIELDS
                    ]
                entries.append({
                    "object": str(model._meta.verbose_name),
                    "object_repr": _repr(model, record, party_names),
                    "action": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                    "user": record.history_user.display_name if record.history_user else "",
                    "at": record.history_date,
                    "reason": record.history_change_reason or "",
                    "changes": changes,
                })
                previous = record
    entries.sort(key=lambda e: e["at"], reverse=True)
    entries = entries[:limit]
    _label_changes(entries, full_identity=full_identity)
    if not full_identity:
        # Account numbers typed into asset descriptions are identities too (DESIGN.md §5).
        from cases.identifiers import redact_numbers

        for entry in entries:
            entry["object_repr"] = redact_numbers(entry["object_repr"])
            for change in entry["changes"]:
                change["old"], change["new"] = redact_numbers(change["old"]), redact_numbers(change["new"])
    return entries


# Bookkeeping columns kept by the services (the clock and the ledger's cached totals): the events and
# ledger rows that moved them are on the trail themselves.
# Not shown as changes: derived keys, timestamps, and the cached totals and clock that services keep by
# queryset update (no history row of their own) — the payments, disbursements and escalation steps that
# move them are audited themselves; a diff would credit the jump to whoever saved the case next.
HIDDEN_AUDIT_FIELDS = {"id_key", "updated_at", "last_progress_at", "held_since", "recovered_amount", "disbursed_amount",
                       "held_amount", "found_cash_amount", "clock_from", "clock_paused_since", "escalation_due_on"}


def _repr(model, record, party_names: dict[int, str]) -> str:
    """A short label for a history row, from the row itself (no query per row)."""
    from cases.models import Basis, Party, PartyRole
    from transfers.models import Assignment

    if model is EnforcementCase:
        return record.case_number
    if model is Basis:
        return record.document_number
    if model is Party:
        return record.name
    if model is CaseParty:
        return f"{PartyRole(record.role).label} {party_names.get(record.party_id, '')}".strip()
    if model is Assignment:
        return record.started_at.date().isoformat()
    if hasattr(model, "audit_repr"):  # a model of another app that names its rows itself
        return model.audit_repr(record)
    if hasattr(record, "get_status_display") and hasattr(record, "upper_court_id"):  # designation request
        return record.get_status_display()
    if hasattr(record, "deadline"):  # entrustment
        return record.deadline.isoformat()
    for attr in ("asset", "amount", "agreed_amount", "reserve_price"):
        value = getattr(record, attr, None)
        if value:
            return str(value)
    return str(getattr(record, "get_category_display", lambda: "")() or getattr(record, "get_kind_display", lambda: "")())


def _names(model, ids) -> dict:
    """pk → display label with one query and no per-row relations (Team.__str__ would fetch its court)."""
    for field in ("full_name", "name", "case_number", "document_number"):
        try:
            model._meta.get_field(field)
        except FieldDoesNotExist:
            continue
        rows = model._base_manager.filter(pk__in=ids).values_list("pk", field, *(["username"] if field == "full_name" else []))
        return {row[0]: row[1] or (row[2] if len(row) > 2 else "") for row in rows}
    return {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=ids)}


def _display_value(value) -> str:
    """An audited value as a reader expects it: times in court time, lists and records as text."""
    import datetime as dt
    import json

    from django.utils import timezone

    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T" and value[13] == ":":
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return _display_value(parsed)
    if isinstance(value, (list, dict)):
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return "；".join("，".join(str(v) for v in item.values() if v not in (None, "", True, False)) for item in value)
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _label_changes(entries: list[dict], *, full_identity: bool) -> None:
    """Show people and things by name, choices by label: one query per related model, not per change."""
    wanted: dict[type, set] = {}
    for entry in entries:
        for change in entry["changes"]:
            field = change["field"]
            if field.is_relation and field.related_model is not None:
                wanted.setdefault(field.related_model, set()).update(v for v in (change["old"], change["new"]) if v is not None)
    names = {model: _names(model, ids) for model, ids in wanted.items()}
    from cases.identifiers import mask_identifier, mask_phone

    maskers = {} if full_identity else {"id_number": mask_identifier, "phone": mask_phone}
    for entry in entries:
        for change in entry["changes"]:
            field = change["field"]
            if field.name in maskers:
                change["old"], change["new"] = (maskers[field.name](v or "") for v in (change["old"], change["new"]))
            for side in ("old", "new"):
                value = change[side]
                if value is None or value == "":
                    change[side] = ""
                elif field.is_relation and field.related_model is not None:
                    change[side] = names[field.related_model].get(value, f"#{value}")
                elif field.choices:
                    change[side] = str(dict(field.flatchoices).get(value, value))
                else:
                    change[side] = _display_value(value)
            change["field"] = str(field.verbose_name)


def notification_list(*, user: User, status: str = "", case_number: str = "", mine: bool = False) -> QuerySet:
    """Messages to parties of the cases the user may act on (own court), newest first; optionally
    only one case (number contains ``case_number``) or the user's own cases."""
    from cases.models import Notification

    cases = access.visible_cases(user)
    if not user.is_system_admin:
        cases = cases.filter(court_id=user.court_id)
    if case_number:
        cases = cases.filter(case_number__contains=case_number.strip())
    if mine:
        cases = cases.filter(handler=user)
    qs = Notification.objects.filter(case__in=cases.values("pk")).select_related("case", "party")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")

"""Dossier panels contributed by other apps (escalation ladder, documents, judicial aid …).

The case page (cases.views.case_detail) asks every registered provider for its panel, so an app can
add a card to the dossier without the cases app importing it. A provider takes
``(request, case, *, can_work)`` and returns a :class:`Panel` or None (nothing to show)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Panel:
    template: str
    # "main": the wide left column, below the dossier cards; "side": the right column, above the timeline.
    column: Literal["main", "side"] = "main"
    context: dict = field(default_factory=dict)
    order: int = 100


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def panels_context(request, case, *, can_work: bool) -> dict:
    """``main_panels`` and ``side_panels`` (template names in order) plus every panel's context."""
    panels = [p for p in (provider(request, case, can_work=can_work) for provider in _PROVIDERS) if p]
    panels.sort(key=lambda p: p.order)
    context: dict = {"main_panels": [], "side_panels": []}
    for panel in panels:
        context.update(panel.context)
        context["main_panels" if panel.column == "main" else "side_panels"].append(panel.template)
    return context

"""Dossier cards beyond the case's own sections (the related cases, the escalation ladder, documents, judicial aid …).

The case page (cases.views.case_detail) shows every registered provider's card, so an app can add a
card to the dossier without the cases app importing it. A provider takes ``(request, case, *, can_work)``
and returns a :class:`Panel` or None (nothing to show).

The page itself only holds a placeholder per card; the browser fetches each card right after the page
has painted (htmx, ``cases.views.case_panel``), so the dossier opens at the cost of its own cards and
timeline whatever the other apps add. A page shown again with a card's submitted form and its errors
renders every card in place (``eager``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Provider:
    name: str
    build: Callable
    # "main": the wide left column, below the dossier cards; "side": the right column, above the timeline.
    column: Literal["main", "side"] = "main"
    order: int = 100


_PROVIDERS: dict[str, Provider] = {}


def register(build: Callable, *, name: str, column: Literal["main", "side"] = "main", order: int = 100) -> Callable:
    """``name`` is the card's address on the dossier (``/cases/<pk>/panels/<name>/``)."""
    known = _PROVIDERS.get(name)
    if known is not None and known.build is not build:
        raise ValueError(f"A dossier card named {name!r} is already registered ({known.build.__qualname__}).")
    _PROVIDERS[name] = Provider(name=name, build=build, column=column, order=order)
    return build


def provider(name: str) -> Provider | None:
    return _PROVIDERS.get(name)


def _ordered() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.name))


def panels_context(request, case, *, can_work: bool, eager: bool = False) -> dict:
    """``main_panels`` and ``side_panels``: in order, each ``{"name", "template"}`` with the card's
    template when ``eager`` (its context merged in), else ``{"name", "template": None}`` for a
    placeholder the page fills in (cases/_panel_slot.html)."""
    context: dict = {"main_panels": [], "side_panels": []}
    for p in _ordered():
        entry = {"name": p.name, "template": None}
        if eager:
            panel = p.build(request, case, can_work=can_work)
            if panel is None:
                continue
            context.update(panel.context)
            entry["template"] = panel.template
        context["main_panels" if p.column == "main" else "side_panels"].append(entry)
    return context

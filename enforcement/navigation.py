"""The navigation bar, assembled from entries each app registers in its ``AppConfig.ready`` so that
no app has to edit the shared base template to appear in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    # Roles that see the entry; None = every signed-in user. Superusers see every entry.
    roles: frozenset[str] | None = None
    order: int = 100
    staff_only: bool = False
    # Extra test on the user (e.g. "belongs to an intermediate court").
    when: Callable | None = None

    def visible_to(self, user) -> bool:
        if self.staff_only:
            return bool(user.is_staff)
        if user.is_superuser:
            return True
        if self.roles is not None and user.role not in self.roles:
            return False
        return self.when(user) if self.when else True


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if all(existing.url_name != item.url_name for existing in _ITEMS):
            _ITEMS.append(item)


def items_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in sorted(_ITEMS, key=lambda i: i.order)
        if item.visible_to(user)
    ]


def nav(request) -> dict:
    """Template context processor: ``nav_items`` for the signed-in user."""
    return {"nav_items": items_for(request.user)}

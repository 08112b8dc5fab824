"""The navigation bar, assembled from entries each app registers in its ``AppConfig.ready`` so that
no app has to edit the shared base template to appear in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy


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
    # Entries of one menu (a key of MENUS) show as one dropdown, in their order, where the first of them would be.
    menu: str = ""

    def visible_to(self, user) -> bool:
        if self.staff_only:
            return bool(user.is_staff)
        if user.is_superuser:
            return True
        if self.roles is not None and user.role not in self.roles:
            return False
        return self.when(user) if self.when else True


_ITEMS: list[NavItem] = []
MENUS = {"reports": gettext_lazy("Reports")}


def register(*items: NavItem) -> None:
    for item in items:
        if all(existing.url_name != item.url_name for existing in _ITEMS):
            _ITEMS.append(item)


def items_for(user) -> list[dict]:
    """The entries the user sees, in order; a menu's entries gathered under it (``children``). A menu the
    user would see one entry of shows that entry alone."""
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[dict] = []
    menus: dict[str, dict] = {}
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        entry = {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        if not item.menu:
            out.append(entry)
        elif item.menu in menus:
            menus[item.menu]["children"].append(entry)
        else:
            menus[item.menu] = {"label": MENUS[item.menu], "menu": item.menu, "children": [entry]}
            out.append(menus[item.menu])
    return [e["children"][0] if e.get("menu") and len(e["children"]) == 1 else e for e in out]


def nav(request) -> dict:
    """Template context processor: ``nav_items`` for the signed-in user."""
    return {"nav_items": items_for(request.user)}

"""What a report is about: a court with its jurisdiction, optionally narrowed to one team or one judge,
and how its figures roll up for the drill-down (jurisdiction → court → team → judge → cases).

Report queries group their counts by (court, team, handler) over the whole subtree in one query
each; ``Scope.rows`` turns those groups into the table a page shows: the courts directly below the
focus court (each with its own subtree rolled up), or, for a court with none below it, its teams,
or, for a team, its judges. So the query count of a dashboard never grows with the number of courts
or cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from courts.models import Court, Team, TeamMembership, TeamRole, User

# A group key of the report queries: (court_id, team_id, handler_id); team and handler may be None.
Key = tuple[int, int | None, int | None]


@dataclass
class Row:
    """One line of a drill-down table: a court (rolled up), a team or a judge."""

    kind: str  # "court" | "own" | "team" | "judge" | "unassigned"
    label: str
    court_id: int
    team_id: int | None = None
    handler_id: int | None = None
    own: bool = False  # an upper court's own cases (提级执行), without the courts below it
    keys: set = field(default_factory=set)

    def params(self) -> dict[str, int]:
        """The query parameters that narrow a report to this row (the drill-down link)."""
        out = {"court": self.court_id}
        if self.own:
            out["own"] = 1
        if self.team_id:
            out["team"] = self.team_id
        if self.handler_id:
            out["handler"] = self.handler_id
        return out


@dataclass
class Scope:
    court: Court
    court_ids: list[int]  # the court and every court below it
    team: Team | None = None
    handler: User | None = None
    # court id → the child of ``court`` whose subtree it lies in (or ``court`` itself)
    branch_of: dict[int, int] = field(default_factory=dict)
    children: list[Court] = field(default_factory=list)
    own_only: bool = False

    @property
    def level(self) -> str:
        if self.handler is not None:
            return "judge"
        if self.team is not None:
            return "team"
        return "jurisdiction" if self.children else "court"

    def case_q(self, prefix: str = "") -> Q:
        """The cases this scope covers (``prefix`` for a lookup through a relation, e.g. "case__")."""
        q = Q(**{f"{prefix}court_id__in": self.court_ids})
        if self.team is not None:
            q &= Q(**{f"{prefix}team_id": self.team.pk})
        if self.handler is not None:
            q &= Q(**{f"{prefix}handler_id": self.handler.pk})
        return q

    def title(self) -> str:
        parts = [self.court.name]
        if self.team is not None:
            parts.append(self.team.name)
        if self.handler is not None:
            parts.append(self.handler.display_name)
        return " · ".join(parts)

    def breadcrumbs(self) -> list[tuple[str, dict]]:
        """Links back up the drill-down: the upper courts the user may read, then court, team, judge."""
        return self._crumbs

    def rows(self, keys: Iterable[Key]) -> list[Row]:
        """The drill-down rows for the given group keys (every key lands in exactly one row)."""
        keys = set(keys)
        if self.handler is not None:
            row = Row("judge", self.handler.display_name, self.court.pk, team_id=self.team.pk if self.team else None,
                      handler_id=self.handler.pk)
            row.keys = keys
            return [row]
        if self.children:
            rows = {c.pk: Row("court", c.name, c.pk) for c in self.children}
            own = Row("own", _("%(court)s (own cases)") % {"court": self.court.name}, self.court.pk, own=True)
            for key in keys:
                branch = self.branch_of.get(key[0])
                (rows[branch] if branch in rows else own).keys.add(key)
            # The own row links to the court narrowed to its own cases: the court without children.
            return [*rows.values(), *([own] if own.keys else [])]
        if self.team is None:
            return self._team_rows(keys)
        return self._judge_rows(keys)

    def _team_rows(self, keys: set) -> list[Row]:
        teams = list(Team.objects.filter(court=self.court).order_by("name"))
        rows = {t.pk: Row("team", t.name, self.court.pk, team_id=t.pk) for t in teams}
        active = {t.pk for t in teams if t.is_active}
        none = Row("unassigned", _("No team"), self.court.pk, own=self.own_only)
        for key in keys:
            (rows[key[1]] if key[1] in rows else none).keys.add(key)
        # A team dissolved since still shows while it holds cases in the figures.
        return [r for r in rows.values() if r.keys or r.team_id in active] + ([none] if none.keys else [])

    def _judge_rows(self, keys: set) -> list[Row]:
        members = (TeamMembership.objects.filter(team=self.team, role=TeamRole.JUDGE)
                   .select_related("user").order_by("user__full_name", "user_id"))
        rows = {m.user_id: Row("judge", m.user.display_name, self.court.pk, team_id=self.team.pk, handler_id=m.user_id)
                for m in members}
        none = Row("unassigned", _("No handler"), self.court.pk, team_id=self.team.pk)
        extra = {k[2] for k in keys if k[2] is not None and k[2] not in rows}
        for user in User.objects.filter(pk__in=extra).order_by("full_name", "pk"):  # former members
            rows[user.pk] = Row("judge", user.display_name, self.court.pk, team_id=self.team.pk, handler_id=user.pk)
        for key in keys:
            (rows[key[2]] if key[2] in rows else none).keys.add(key)
        return list(rows.values()) + ([none] if none.keys else [])


def build_scope(court: Court, *, team: Team | None = None, handler: User | None = None,
                readable: Iterable[int] | None = None, own_only: bool = False) -> Scope:
    """The scope of ``court`` (its subtree); ``own_only`` narrows an upper court to its own cases.
    ``readable``: the court ids the user may read, for the breadcrumbs. Two queries."""
    children: dict[int | None, list[int]] = defaultdict(list)
    by_id: dict[int, Court] = {}
    for c in Court.objects.only("pk", "name", "parent_id", "level", "code", "short_name").order_by("code", "name"):
        children[c.parent_id].append(c.pk)
        by_id[c.pk] = c
    court = by_id.get(court.pk, court)
    if own_only or team is not None or handler is not None:
        ids, child_courts = [court.pk], []
        own_only = own_only and team is None and handler is None
    else:
        ids, child_courts = [], [by_id[pk] for pk in children.get(court.pk, [])]
        stack = [court.pk]
        while stack:
            node = stack.pop()
            ids.append(node)
            stack.extend(children.get(node, []))
    branch_of = {court.pk: court.pk}
    for child in child_courts:
        stack = [child.pk]
        while stack:
            node = stack.pop()
            branch_of[node] = child.pk
            stack.extend(children.get(node, []))
    scope = Scope(court=court, court_ids=sorted(ids), team=team, handler=handler, branch_of=branch_of,
                  children=child_courts, own_only=own_only)
    readable = set(readable) if readable is not None else None
    chain, node = [], by_id.get(court.parent_id) if court.parent_id else None
    while node is not None:
        if readable is None or node.pk in readable:
            chain.append((node.name, {"court": node.pk}))
        node = by_id.get(node.parent_id) if node.parent_id else None
    crumbs = list(reversed(chain)) + [(court.name, {"court": court.pk})]
    if own_only:
        crumbs.append((_("own cases"), {"court": court.pk, "own": 1}))
    if team is not None:
        crumbs.append((team.name, {"court": court.pk, "team": team.pk}))
    if handler is not None:
        crumbs.append((handler.display_name, {"court": court.pk, "team": team.pk if team else "", "handler": handler.pk}))
    scope._crumbs = crumbs
    return scope

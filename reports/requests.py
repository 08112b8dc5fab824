"""Reading a report's scope and period from query parameters — shared by the pages and the API, so
both accept the same parameters (court, team, handler, own, date_from, date_to) with the same
field errors."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courts import access
from courts.models import CourtLevel, Role, Team, User
from enforcement.errors import FieldErrors
from reports.forms import CourtPeriodForm
from reports.scope import Scope, build_scope

# Who reads the supervisors' reports: the court's leadership and the upper courts (read-only).
READERS = frozenset({Role.BUREAU_CHIEF, Role.SUPERVISOR, Role.DESIGNATION_OFFICER, Role.ADMIN})
MAX_PERIOD_DAYS = 366 * 5
READERS_MESSAGE = gettext_lazy("Only bureau chiefs, supervisors and designation officers read the reports.")


def can_read_reports(user: User) -> bool:
    return user.is_authenticated and (user.is_system_admin or user.role in READERS)


class ScopeForm(CourtPeriodForm):
    team = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    handler = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    own = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["court"].label = gettext_lazy("Court")
        self.fields["court"].empty_label = None  # no court chosen = the user's own: the list shows it selected
        self.user = user

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and not end and start > timezone.localdate():
            self.add_error("date_from", _("The period starts after today: give its end as well."))
        if start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("date_from", _("A period of at most five years."))
        court = data.get("court") or self.default_court()
        if court is None:
            raise forms.ValidationError(_("You have no court whose reports you may read."))
        data["court"] = court
        team = handler = None
        if data.get("team"):
            team = Team.objects.filter(pk=data["team"], court=court).first()
            if team is None:
                self.add_error("team", _("No such team at %(court)s.") % {"court": court.name})
        if data.get("handler"):
            handler = User.objects.filter(pk=data["handler"], court=court).first()
            if handler is None:
                self.add_error("handler", _("No such judge at %(court)s.") % {"court": court.name})
        data["team_obj"], data["handler_obj"] = team, handler
        return data

    def default_court(self):
        user = self.user
        courts = access.visible_courts(user)
        return courts.filter(pk=user.court_id).first() or courts.filter(level=CourtLevel.HIGH).first() or courts.first()


def read_scope(user: User, params, *, today: dt.date | None = None) -> tuple[Scope, dt.date, dt.date, ScopeForm]:
    """(scope, start, end, form) from query parameters; FieldErrors when they are wrong."""
    form = ScopeForm(params, user=user)
    if not form.is_valid():
        raise FieldErrors({name: [str(m) for m in msgs] for name, msgs in form.errors.items()})
    data = form.cleaned_data
    start, end = form.period()
    today = today or timezone.localdate()
    readable = set(access.visible_courts(user).values_list("pk", flat=True))
    scope = build_scope(data["court"], team=data["team_obj"], handler=data["handler_obj"], readable=readable,
                        own_only=bool(data.get("own")))
    return scope, start, end, form

"""The court's outbox of messages to parties (阳光执行): what was sent, what is waiting, what failed —
and re-sending a failed one. Messages are never lost: a failure stays visible here until re-sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import notifications, selectors
from cases.models import Notification, NotificationStatus
from courts.models import Role
from enforcement.errors import IllegalTransition

STAFF_ROLES = {Role.CLERK, Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF, Role.ADMIN}


def _check_staff(user) -> None:
    if not (user.is_system_admin or (user.role in STAFF_ROLES and user.court_id)):
        raise PermissionDenied(_("The outbox is kept by the court's own staff."))


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    _check_staff(request.user)
    status = request.GET.get("status", "")
    if status not in NotificationStatus.values:
        status = ""
    case_number = request.GET.get("case", "")[:40]
    mine = request.GET.get("mine") == "1"
    scope = {"case_number": case_number, "mine": mine}
    all_rows = selectors.notification_list(user=request.user, **scope)
    counts = dict(all_rows.order_by().values_list("status").annotate(n=Count("pk")))
    page = Paginator(selectors.notification_list(user=request.user, status=status, **scope), 50).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    for key in ("page", "status"):
        keep.pop(key, None)
    return render(request, "cases/outbox.html", {
        "page": page, "status": status, "statuses": NotificationStatus.choices, "case_number": case_number, "mine": mine,
        "keep": keep.urlencode(),
        "counts": {value: counts.get(value, 0) for value in NotificationStatus.values},
    })


@login_required
@require_POST
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _check_staff(request.user)
    note = get_object_or_404(Notification, pk=pk)
    try:
        notifications.notification_retry(actor=request.user, notification_id=note.pk)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The message to %(who)s will be sent again.") % {"who": note.party or note.phone})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("outbox") + "?status=failed"
    return redirect(target)

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from courts import access
from courts.models import CourtLevel, Role
from reports.selectors import court_caseload

READERS = {Role.BUREAU_CHIEF, Role.SUPERVISOR, Role.DESIGNATION_OFFICER, Role.ADMIN}


@login_required
def caseload(request):
    """Open cases per team and judge of one court (the user's own, or one of their jurisdiction)."""
    user = request.user
    if not (user.is_system_admin or user.role in READERS):
        raise PermissionDenied(_("Only bureau chiefs and supervisors read caseloads."))
    courts = access.visible_courts(user).filter(level=CourtLevel.BASIC) | access.visible_courts(user).filter(pk=user.court_id)
    courts = courts.distinct().order_by("code", "name")
    court = courts.filter(pk=request.GET.get("court") or user.court_id).first() or courts.first()
    teams, unassigned = court_caseload(court) if court else ([], 0)
    return render(request, "reports/caseload.html", {"courts": courts, "court": court, "teams": teams, "unassigned": unassigned})

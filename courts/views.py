from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from courts.models import Role


@login_required
def home(request):
    """Land each role where its day starts."""
    user = request.user
    if user.role == Role.CLERK:
        return redirect("case-register")
    if user.role in (Role.JUDGE, Role.ASSISTANT):
        return redirect("my-cases")
    return redirect("case-list")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (settings.AXES_LOCKOUT_CALLABLE): too many failed logins for one
    username from one address. The login page again, with the lockout explained; JSON for the API."""
    from django.conf import settings
    from django.contrib.auth.forms import AuthenticationForm
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed logins: this account is locked on this computer for %(minutes)d minutes. "
                "Try again later or ask the system administrator.") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "registration/login.html", {"form": form, "locked_out": message,
                                                       "next": request.POST.get("next", "")}, status=429)

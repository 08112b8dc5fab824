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

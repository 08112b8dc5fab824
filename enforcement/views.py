from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults
from rest_framework.exceptions import NotFound


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def page_not_found(request, exception):
    """404 for a URL no route matches. Under /api/ (e.g. a malformed id: /api/v1/cases/abc/) the client
    gets the API's JSON error like any other 404, not the browser's HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)

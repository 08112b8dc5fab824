"""Request middleware of the project."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import resolve_url
from django.utils import translation
from rest_framework.exceptions import NotFound


class CourtLocaleMiddleware(LocaleMiddleware):
    """The pages speak Chinese (``LANGUAGE_CODE``) whatever language the browser asks for — a court's
    staff read the UI in Chinese, and a workstation's English browser must not turn it English — unless
    the user chose another language (Django's language cookie, set by ``/i18n/setlang/``). The REST API
    negotiates as usual (``Accept-Language``): its clients are programs that may want English messages."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ApiNotFoundMiddleware:
    """A URL under /api/ that no route matches (e.g. a malformed id: /api/v1/cases/abc/) answers the
    API's JSON 404 like any other missing object, not the browser's HTML page — with DEBUG on (the
    demo's technical 404 page) as with it off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code == 404 and request.path.startswith("/api/")
                and response.get("Content-Type", "").startswith("text/html")):
            return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
        return response


class HtmxLoginMiddleware:
    """A fragment the page fetches (htmx: a dossier card, the audit trail, earlier events …) asked for
    after the session expired gets the login redirect meant for a whole page: htmx would follow it and
    put the login form into the fragment's place. Such a redirect becomes htmx's HX-Redirect instead —
    the whole page goes to the login, and back to that page afterwards. After HtmxMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if htmx and response.status_code == 302 and not request.user.is_authenticated:
            login = resolve_url(settings.LOGIN_URL)
            if urlsplit(response["Location"]).path == login:
                from django.contrib.auth.views import redirect_to_login
                from django_htmx.http import HttpResponseClientRedirect

                page = htmx.current_url_abs_path or request.get_full_path()
                return HttpResponseClientRedirect(redirect_to_login(page)["Location"])
        return response

"""Production settings (issue #8, hardening): `manage.py check --deploy` finds nothing to warn about with
the production environment of docker-compose.yml, and the production headers and cookies are what a
browser gets: HTTPS redirect, HSTS, secure and HttpOnly cookies, no framing, no sniffing."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from tests.project.test_deployment import ROOT, _env
from tests.reliability import tally


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "STATIC_MANIFEST", "SECURE_COOKIES",
                        "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(_env("web"))
    env.update({"SECRET_KEY": secrets.token_urlsafe(64), "VAR_DIR": str(ROOT / "var" / "deploy-check"), **extra})
    return env


def test_check_deploy_is_clean_with_the_production_environment():
    env = production_env()
    assert env["DEBUG"] == "0"
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout and "WARNINGS" not in out.stdout + out.stderr
    tally("hardening", checks=1)


def test_production_security_settings():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'X_FRAME_OPTIONS', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'AXES_FAILURE_LIMIT')}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=production_env(), cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"DEBUG": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                   "SESSION_COOKIE_HTTPONLY": True, "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000,
                   "X_FRAME_OPTIONS": "DENY", "SECURE_CONTENT_TYPE_NOSNIFF": True, "AXES_FAILURE_LIMIT": 5}
    # A weak key is still caught (the check is live, not silenced).
    weak = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          env=production_env(SECRET_KEY="short"), cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert weak.returncode != 0 and "security.W009" in weak.stdout + weak.stderr
    tally("hardening", checks=2)


def test_the_served_headers(client, settings, db):
    """The response headers in production mode (the test process runs with SECURE_COOKIES=0, so the
    HTTPS-only settings are switched on here as production has them)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert secure["X-Frame-Options"] == "DENY" and secure["X-Content-Type-Options"] == "nosniff"
    assert secure["Referrer-Policy"] == "same-origin"
    csrf_cookie = secure.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    tally("hardening", checks=3)

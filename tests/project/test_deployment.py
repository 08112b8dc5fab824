"""docker-compose.yml cannot run here (no Docker engine): check it agrees with what settings expect."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")


def _substitute(value: str) -> str:
    """Resolve ${VAR:?msg} / ${VAR:-default} the way compose does, with test values for secrets."""
    secrets = {"SECRET_KEY": "compose-test-secret", "POSTGRES_PASSWORD": "pw"}

    def repl(m):
        name, default = m.group(1), m.group(3) or ""
        return secrets.get(name, default if m.group(2) == ":-" else "")

    return re.sub(r"\$\{(\w+)(:[-?])?([^}]*)\}", repl, value)


def _env(service: str) -> dict[str, str]:
    return {k: _substitute(str(v)) for k, v in SERVICES[service]["environment"].items()}


def _command(service: str) -> str:
    cmd = SERVICES[service]["command"]
    return " ".join(cmd) if isinstance(cmd, list) else cmd


def test_every_service_is_there_with_a_health_check():
    assert set(SERVICES) >= {"postgres", "redis", "web", "worker", "beat"}
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert SERVICES[name].get("healthcheck", {}).get("test"), name


def test_app_services_point_at_the_compose_postgres_and_redis():
    pg = SERVICES["postgres"]["environment"]
    for name in APP_SERVICES:
        env = _env(name)
        db = urlparse(env["DATABASE_URL"])
        assert db.scheme.startswith("postgres") and db.hostname == "postgres"
        assert db.path.lstrip("/") == pg["POSTGRES_DB"] and db.username == pg["POSTGRES_USER"]
        broker = urlparse(env["CELERY_BROKER_URL"])
        assert broker.scheme == "redis" and broker.hostname == "redis"
        assert env["DEBUG"] == "0"
        assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_variable_compose_sets_is_read_by_settings():
    source = (ROOT / "enforcement" / "settings.py").read_text()
    read = set(re.findall(r'os\.environ\.get\("(\w+)"', source)) | set(re.findall(r'env_bool\("(\w+)"', source))
    for name in APP_SERVICES:
        assert set(SERVICES[name]["environment"]) <= read, set(SERVICES[name]["environment"]) - read


def test_commands_match_the_project():
    assert "enforcement.wsgi:application" in _command("web")
    assert settings.WSGI_APPLICATION == "enforcement.wsgi.application"
    assert "manage.py migrate" in _command("web") and "collectstatic" in _command("web")
    assert "-A enforcement worker" in _command("worker")
    assert "-A enforcement beat" in _command("beat")
    assert settings.CELERY_BEAT_SCHEDULER in _command("beat")


def test_settings_load_in_production_mode_with_the_compose_environment():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "STATIC_MANIFEST", "SECURE_COOKIES")}
    env.update(_env("web"))
    env["VAR_DIR"] = str(ROOT / "var" / "compose-check")
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'host': s.DATABASES['default']['HOST'], "
        "'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, 'secure': s.SESSION_COOKIE_SECURE, "
        "'storage': s.STORAGES['staticfiles']['BACKEND']}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded["engine"] == "django.db.backends.postgresql" and loaded["host"] == "postgres"
    assert loaded["broker"].startswith("redis://redis:")
    assert loaded["debug"] is False and loaded["secure"] is True
    assert "Manifest" in loaded["storage"]


def test_settings_refuse_to_start_in_production_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "SECRET_KEY" in out.stderr

"""Production settings: they load, pass Django's deploy check, log JSON, send the headers."""

import json
import subprocess
import sys

from django.test import override_settings

from groupage.security import CONTENT_SECURITY_POLICY
from tests.deploy.support import ROOT, production_environment


def run_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=production_environment(**variables),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_serves_static_files_hashed_and_compressed():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); print(settings.MIDDLEWARE)"
    )
    assert result.returncode == 0, result.stderr
    backend, middleware = result.stdout.splitlines()
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in middleware


def test_logs_are_one_json_object_per_line():
    result = run_python(
        "import django, logging; django.setup(); "
        "logging.getLogger('groupage.deploy').warning('Caddy asked about %s', 'x.fr')",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert {
        "level": "WARNING",
        "logger": "groupage.deploy",
        "message": "Caddy asked about x.fr",
    }.items() <= records[-1].items()
    assert {"time", "schema"} <= records[-1].keys()


def test_every_page_carries_the_content_security_policy(panier_client):
    response = panier_client.get("/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_and_the_certificate_question_are_not_redirected_to_https(platform_client, panier):
    assert platform_client.get("/healthz").status_code == 200
    assert (
        platform_client.get("/_tls/ask", {"domain": "panier-des-pres.localhost"}).status_code == 200
    )
    assert platform_client.get("/").status_code == 301

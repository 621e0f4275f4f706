"""The production server, for real, on loopback: gunicorn with deploy/gunicorn.conf.py
and the production settings, then Caddy with deploy/caddy/Caddyfile in front.

The servers read the test database, where the session set-up committed the
demo collectives (tests/conftest.py), so a separate process sees them.
"""

import http.client
import json
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from django.db import connection

from tests.deploy.support import DEPLOY, ROOT, database_url, free_port, production_environment

# The servers need the test database to exist; each test only reads it.
pytestmark = pytest.mark.django_db

PANIER = "panier-des-pres.localhost"
BOCAGE = "bocage-paysan.localhost"


def wait_until_listening(port: int, process: subprocess.Popen, log: Path, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing listens on {port} after {seconds} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Server:
    """A server process started by a fixture: where it listens, logs, keeps media."""

    def __init__(self, port: int, log: Path, media: Path, environment: dict, ca: str = ""):
        self.port, self.log, self.media, self.environment = port, log, media, environment
        self.certificate_authority = ca

    def get(self, path: str, host: str, **headers: str) -> http.client.HTTPResponse:
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection_.request("GET", path, headers={"Host": host, **headers})
        response = connection_.getresponse()
        response.body = response.read()
        connection_.close()
        return response


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    environment = production_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        DJANGO_SETTINGS_MODULE="tests.deploy.production_settings",
        GROUPAGE_TEST_STATIC_ROOT=str(folder / "static"),
        GROUPAGE_DATA_DIR=str(folder),
        MEDIA_ROOT=str(folder / "media"),
        MEDIA_ACCEL_REDIRECT="1",
        PLATFORM_DOMAIN="localhost",
        ALLOW_ANY_HOST="1",
        LOG_FORMAT="json",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert collected.returncode == 0, collected.stderr
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(DEPLOY / "gunicorn.conf.py")],
            env=environment,
            cwd=folder,  # the config file, not the caller's folder, finds the code
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, process, log)
        yield Server(port, log, folder / "media", environment)
    finally:
        stop(process)


def test_healthz_answers_json_over_plain_http(gunicorn):
    # As a Kubernetes probe asks: plain HTTP, the platform's host, no proxy header.
    response = gunicorn.get("/healthz", "localhost")
    assert response.status == 200
    body = json.loads(response.body)
    assert body["status"] == "ok" and body["checks"]["database"]["ok"] is True


def test_compose_health_check_command_passes(gunicorn):
    test = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["web"]["healthcheck"]
    kind, program, *args = test["test"]
    assert (kind, program) == ("CMD", "python")
    code = args[-1].replace("127.0.0.1:8000", f"127.0.0.1:{gunicorn.port}")
    result = subprocess.run(
        [sys.executable, *args[:-1], code],
        env={**gunicorn.environment, "PLATFORM_DOMAIN": "localhost"},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr


def test_a_collectives_shop_is_served_behind_the_proxy(gunicorn):
    response = gunicorn.get("/", PANIER, **{"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert "Panier des Prés" in response.body.decode()
    assert response.getheader("Content-Security-Policy").startswith("default-src 'self'")
    assert "includeSubDomains" in response.getheader("Strict-Transport-Security")


def test_plain_http_is_sent_to_https(gunicorn):
    response = gunicorn.get("/", PANIER)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{PANIER}/"


def test_static_files_are_served_hashed_compressed_and_cached_for_a_year(gunicorn):
    static_root = Path(gunicorn.environment["GROUPAGE_TEST_STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/groupage.css"]
    response = gunicorn.get(
        f"/static/{hashed}", PANIER, **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")


def test_every_log_line_is_json_and_probes_stay_quiet(gunicorn):
    gunicorn.get("/healthz", "localhost")
    gunicorn.get("/", PANIER, **{"X-Forwarded-Proto": "https"})
    time.sleep(0.3)  # the access line is written after the response
    lines = [line for line in gunicorn.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert any(r["path"] == "/" and r["host"] == PANIER and r["status"] == 200 for r in access)
    assert not any(r["path"] == "/healthz" and r["status"] == 200 for r in access)
    assert any(r["logger"] == "gunicorn.error" for r in records)  # start-up, same format


# --- Caddy in front ----------------------------------------------------------------------

TEST_GLOBAL_OPTIONS = """
	default_bind 127.0.0.1
	admin off
	local_certs
	skip_install_trust
	storage file_system {storage}
"""


@pytest.fixture(scope="module")
def caddy(gunicorn, tmp_path_factory) -> Iterator[Server]:
    """Caddy with the production Caddyfile, its own CA instead of Let's Encrypt."""
    binary = shutil.which("caddy", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("the caddyserver package ships no Caddy binary for this platform")
    folder = tmp_path_factory.mktemp("caddy")
    production = (DEPLOY / "caddy" / "Caddyfile").read_text()
    # Only additions to the global options: loopback only, no certificate
    # authority contacted, no trust store touched, nothing written outside `folder`.
    caddyfile = production.replace(
        "\n{\n", "\n{" + TEST_GLOBAL_OPTIONS.format(storage=folder / "data") + "\n", 1
    )
    assert caddyfile != production
    (folder / "Caddyfile").write_text(caddyfile)
    https_port, http_port, ask_port = free_port(), free_port(), free_port()
    environment = {
        "PATH": gunicorn.environment["PATH"],
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "PLATFORM_DOMAIN": "localhost",
        "ACME_EMAIL": "ops@example.org",
        "GROUPAGE_UPSTREAM": f"127.0.0.1:{gunicorn.port}",
        "GROUPAGE_MEDIA_ROOT": str(gunicorn.media),
        "CADDY_HTTP_PORT": str(http_port),
        "CADDY_HTTPS_PORT": str(https_port),
        "CADDY_ASK_PORT": str(ask_port),
    }
    log = folder / "caddy.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [binary, "run", "--config", str(folder / "Caddyfile"), "--adapter", "caddyfile"],
            env=environment,
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(https_port, process, log)
        wait_until_listening(ask_port, process, log)
        ca = folder / "data" / "pki" / "authorities" / "local" / "root.crt"
        yield Server(https_port, log, gunicorn.media, environment, ca=str(ca))
    finally:
        stop(process)


def https_get(caddy: Server, host: str, path: str = "/") -> tuple[int, dict, bytes]:
    """GET over TLS with `host` as SNI and Host header, as a browser would.

    The certificate must be valid for `host`, signed by Caddy's own test CA.
    """
    context = ssl.create_default_context(cafile=caddy.certificate_authority)
    with (
        socket.create_connection(("127.0.0.1", caddy.port), timeout=15) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        tls.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        response = http.client.HTTPResponse(tls)
        response.begin()
        body = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_caddy_gets_a_certificate_for_a_collective_and_proxies_to_it(caddy):
    status, headers, body = https_get(caddy, PANIER)
    assert status == 200, caddy.log.read_text()[-3000:]
    assert "Panier des Prés" in body.decode()
    # Django saw HTTPS through X-Forwarded-Proto: no redirect loop, secure headers.
    assert "strict-transport-security" in headers


def test_caddy_refuses_a_certificate_to_an_unknown_name(caddy):
    with pytest.raises((ssl.SSLError, ConnectionError)):
        https_get(caddy, "nowhere.localhost")


def test_caddy_serves_uploaded_media_sandboxed(caddy):
    folder = caddy.media / "panier_des_pres" / "products"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tomates.txt").write_text("des tomates")
    status, headers, body = https_get(caddy, PANIER, "/media/panier_des_pres/products/tomates.txt")
    assert status == 200 and body == b"des tomates"
    assert "sandbox" in headers["content-security-policy"]


def test_caddy_never_serves_a_collective_s_media_on_another_host(caddy):
    folder = caddy.media / "panier_des_pres" / "products"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.txt").write_text("à Panier seulement")
    status, _headers, body = https_get(caddy, BOCAGE, "/media/panier_des_pres/products/secret.txt")
    assert status == 404 and "Panier seulement" not in body.decode(errors="replace")

"""The deploy files are valid by their schemas and say what production needs.

No container engine or cluster runs here: the Compose file is checked against
the Compose specification (vendored by check-jsonschema), every Kubernetes
object against Kubernetes' own schemas (kubernetes-validate, strict: unknown
fields fail), the Caddyfile by Caddy itself; the rest by reading the files.
"""

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.deploy.support import (
    DEPLOY,
    ROOT,
    container,
    kubernetes_documents,
    kubernetes_object,
    pod_spec,
)

KUBERNETES_VERSION = "1.30"
APP_IMAGE = "groupage"  # set to the release's image by kustomize (k8s/release)


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def bin_path(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent))


# --- Single server (Compose) -------------------------------------------------------


def test_compose_file_follows_the_compose_specification():
    checker = bin_path("check-jsonschema")
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(DEPLOY / "compose.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_process_from_one_image():
    services = compose()["services"]
    assert {"web", "worker", "beat", "migrate", "postgres", "redis", "caddy", "backup"} <= set(
        services
    )
    app = {name: services[name] for name in ("web", "worker", "beat", "migrate")}
    assert len({s["image"] for s in app.values()}) == 1
    assert all(s["build"]["dockerfile"] == "deploy/Dockerfile" for s in app.values())
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:4] == ["celery", "-A", "groupage", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "groupage", "beat"]


def test_compose_migrates_before_the_new_code_serves():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_keeps_data_on_named_volumes():
    spec = compose()
    assert {"pgdata", "redis", "media", "caddy_data"} <= set(spec["volumes"])
    services = spec["services"]
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "media:/data/media" in services["web"]["volumes"]
    assert "media:/srv/media:ro" in services["caddy"]["volumes"]
    assert "caddy_data:/data" in services["caddy"]["volumes"]  # certificates survive


def test_compose_has_health_checks_and_restarts():
    services = compose()["services"]
    for name in ("postgres", "redis", "web"):
        assert services[name]["healthcheck"]["test"], name
    for name, service in services.items():
        expected = "no" if name == "migrate" else "unless-stopped"
        assert service["restart"] == expected, name


def test_compose_production_environment():
    environment = compose()["services"]["web"]["environment"]
    assert environment["DEBUG"] == "0"
    assert environment["LOG_FORMAT"] == "json"
    assert environment["SECURE_SSL_REDIRECT"] == "1"
    assert environment["DATABASE_URL"].startswith("postgres://groupage:${POSTGRES_PASSWORD:?")
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_compose_backs_postgresql_up_on_a_schedule():
    backup = compose()["services"]["backup"]
    assert backup["command"] == ["sh", "/scripts/pg-backup.sh"]
    assert backup["environment"]["BACKUP_INTERVAL_HOURS"].startswith("${BACKUP_INTERVAL_HOURS")
    assert "./scripts:/scripts:ro" in backup["volumes"]


def test_compose_caddy_serves_the_web_ports_with_our_caddyfile():
    caddy = compose()["services"]["caddy"]
    assert {"80:80", "443:443"} <= set(caddy["ports"])
    assert "./caddy/Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]


def test_postgresql_is_not_newer_than_the_bundled_pg_dump():
    # tenants.schema_template dumps the template schema with pgserver's pg_dump 16.
    images = [compose()["services"][name]["image"] for name in ("postgres", "backup")]
    images += [
        c["image"]
        for _, doc in kubernetes_documents()
        if pod_spec(doc)
        for c in pod_spec(doc)["containers"]
        if c["image"].startswith("postgres:")
    ]
    assert images and all(image.startswith("postgres:16") for image in images), images


# --- Many servers (Kubernetes) -------------------------------------------------------


def test_every_kubernetes_object_is_valid_by_the_kubernetes_schemas():
    documents = kubernetes_documents()
    assert len(documents) > 15
    for path, doc in documents:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            where = ".".join(str(p) for p in error.path)
            pytest.fail(f"{path.name} {doc['kind']}/{doc['metadata']['name']}: {where}: {error}")


def test_the_kubernetes_validator_does_reject_a_wrong_field():
    web = kubernetes_object("Deployment", "web")
    broken = yaml.safe_load(yaml.safe_dump(web))
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())
    on_disk = {p.name for p in (DEPLOY / "k8s").glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == on_disk
    assert kustomization["components"] == ["release"]
    migrate = yaml.safe_load((DEPLOY / "k8s" / "migrate" / "kustomization.yaml").read_text())
    assert migrate["components"] == ["../release"]
    assert migrate["namespace"] == kustomization["namespace"]
    release = yaml.safe_load((DEPLOY / "k8s" / "release" / "kustomization.yaml").read_text())
    assert release["kind"] == "Component"
    assert release["images"][0]["name"] == APP_IMAGE


def _resolve(node, path: str):
    """Follow a kustomize fieldPath (with `[name=x]` list selectors) through `node`."""
    for part in path.split("."):
        selector = re.fullmatch(r"\[(\w+)=([\w-]+)\]", part)
        if selector:
            key, value = selector.groups()
            node = next(item for item in node if item.get(key) == value)
        else:
            node = node[part]
    return node


def test_probe_host_headers_are_filled_from_the_platform_domain():
    kustomization = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())
    (replacement,) = kustomization["replacements"]
    config = kubernetes_object("ConfigMap", "groupage-config")
    assert _resolve(config, replacement["source"]["fieldPath"]) == config["data"]["PLATFORM_DOMAIN"]
    (target,) = replacement["targets"]
    web = kubernetes_object(target["select"]["kind"], target["select"]["name"])
    assert len(target["fieldPaths"]) == 3
    for path in target["fieldPaths"]:
        assert _resolve(web, path) == "PLATFORM_DOMAIN", path


def test_web_pods_are_probed_on_healthz():
    web = container(kubernetes_object("Deployment", "web"), "web")
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert web[probe]["httpGet"]["path"] == "/healthz"
        assert web[probe]["httpGet"]["port"] == "http"


def test_application_pods_take_settings_and_secrets_from_the_environment():
    pods = [
        kubernetes_object("Deployment", "web"),
        kubernetes_object("Deployment", "worker"),
        kubernetes_object("Deployment", "beat"),
        kubernetes_object("Job", "groupage-migrate"),
    ]
    for doc in pods:
        (app,) = pod_spec(doc)["containers"]
        assert app["image"] == APP_IMAGE
        assert app["envFrom"] == [
            {"configMapRef": {"name": "groupage-config"}},
            {"secretRef": {"name": "groupage-secrets"}},
        ]
        assert "env" not in app  # no value, secret or not, written in a manifest
        assert "command" not in app and app["args"]  # the image's tini stays PID 1
    config = kubernetes_object("ConfigMap", "groupage-config")["data"]
    assert not {"SECRET_KEY", "DATABASE_URL", "POSTGRES_PASSWORD"} & set(config)


def test_no_secret_object_is_committed():
    assert all(doc["kind"] != "Secret" for _, doc in kubernetes_documents())


def test_application_pods_run_as_the_images_unprivileged_user():
    for doc in [
        kubernetes_object(k, n)
        for k, n in [
            ("Deployment", "web"),
            ("Deployment", "worker"),
            ("Deployment", "beat"),
            ("Job", "groupage-migrate"),
        ]
    ]:
        spec = pod_spec(doc)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == 10001
        (app,) = spec["containers"]
        assert app["securityContext"]["readOnlyRootFilesystem"] is True
        assert app["securityContext"]["allowPrivilegeEscalation"] is False


def test_web_and_workers_scale_horizontally_and_beat_never_doubles():
    for name in ("web", "worker"):
        autoscaler = kubernetes_object("HorizontalPodAutoscaler", name)
        assert autoscaler["spec"]["scaleTargetRef"]["name"] == name
        assert autoscaler["spec"]["maxReplicas"] > autoscaler["spec"]["minReplicas"] >= 2
    beat = kubernetes_object("Deployment", "beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"


def test_the_application_reaches_postgresql_through_pgbouncer_in_session_mode():
    ini = configparser.ConfigParser()
    ini.read_string(kubernetes_object("ConfigMap", "pgbouncer")["data"]["pgbouncer.ini"])
    assert ini["pgbouncer"]["pool_mode"] == "session"
    assert ini["pgbouncer"]["server_reset_query"] == "DISCARD ALL"
    assert "host=postgres" in ini["databases"]["groupage"]
    example = (DEPLOY / "k8s" / "secrets.env.example").read_text()
    assert "DATABASE_URL=postgres://groupage:POSTGRES_PASSWORD@pgbouncer:6432/groupage" in example


def test_migrations_run_as_a_job_of_their_own():
    job = kubernetes_object("Job", "groupage-migrate")
    # `args`, not `command`: the image's entrypoint (tini) stays PID 1.
    assert container(job, "migrate")["args"] == [
        "python",
        "manage.py",
        "migrate_fleet",
        "--by",
        "deploy",
    ]
    assert job["spec"]["backoffLimit"] == 0
    assert pod_spec(job)["restartPolicy"] == "Never"


# --- Caddy -------------------------------------------------------------------------------


def test_caddyfile_is_understood_by_caddy(tmp_path):
    caddy = bin_path("caddy")
    if caddy is None:
        pytest.skip("the caddyserver package ships no Caddy binary for this platform")
    result = subprocess.run(
        [caddy, "adapt", "--config", str(DEPLOY / "caddy" / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
        env={"PLATFORM_DOMAIN": "groupage.example.org", "ACME_EMAIL": "ops@example.org"},
    )
    assert result.returncode == 0, result.stderr
    config = result.stdout
    assert '"on_demand":true' in config
    assert '"endpoint":"http://127.0.0.1:8081/_tls/ask"' in config
    assert '"dial":"web:8000"' in config


def test_kubernetes_runs_the_same_caddyfile_and_backup_script():
    caddy = kubernetes_object("ConfigMap", "caddy")["data"]["Caddyfile"]
    assert caddy == (DEPLOY / "caddy" / "Caddyfile").read_text()
    backup = kubernetes_object("ConfigMap", "pg-backup")["data"]["pg-backup.sh"]
    assert backup == (DEPLOY / "scripts" / "pg-backup.sh").read_text()


def test_shell_scripts_parse():
    scripts = [*DEPLOY.glob("scripts/*.sh"), DEPLOY / "k8s" / "release.sh"]
    assert len(scripts) == 3
    for script in scripts:
        result = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"


# --- The image ---------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text()
    logical = re.sub(r"\\\n", " ", text)
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in (raw.strip() for raw in logical.splitlines())
        if line and not line.startswith("#")
    ]


def test_image_runs_as_an_unprivileged_user():
    users = [
        argument for instruction, argument in dockerfile_instructions() if instruction == "USER"
    ]
    assert users, "no USER instruction: the container would run as root"
    assert users[-1].split(":")[0] not in {"0", "root"}


def test_image_has_the_system_libraries_weasyprint_needs():
    runs = " ".join(a for i, a in dockerfile_instructions() if i == "RUN")
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
    ):
        assert package in runs, package
    assert "--no-install-recommends" in runs and "rm -rf /var/lib/apt/lists" in runs


def test_image_installs_the_project_dependencies_and_collects_static_files():
    instructions = dockerfile_instructions()
    runs = " ".join(a for i, a in instructions if i == "RUN")
    assert "pyproject.toml" in runs and "pip install -r" in runs
    assert "manage.py collectstatic --noinput" in runs
    final_stage = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    assert ("CMD", '["gunicorn", "--config", "deploy/gunicorn.conf.py"]') in final_stage


def test_image_build_context_leaves_out_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".data", "deploy/.env"} <= set(ignored)

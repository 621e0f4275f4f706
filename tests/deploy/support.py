"""What the deploy tests share: the production environment, free ports, deploy files."""

import os
import secrets
import socket
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def production_environment(**variables: str) -> dict[str, str]:
    """A clean environment as production has it: DEBUG off, HTTPS, a real secret.

    Nothing leaks in from the developer's shell but PATH and the locale, so the
    test sees what a server configured from the README would see.
    """
    environment = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
        "DJANGO_SETTINGS_MODULE": "groupage.settings",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/groupage"
        ),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PLATFORM_DOMAIN": "groupage.example.org",
        "PLATFORM_SCHEME": "https",
        "SECURE_SSL_REDIRECT": "1",
    }
    environment.update(variables)
    return environment


def database_url(settings_dict: dict) -> str:
    """`DATABASE_URL` for a connection's settings (the test database, say)."""
    user = quote(settings_dict.get("USER") or "postgres", safe="")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(settings_dict.get("HOST") or "127.0.0.1", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def yaml_documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def kubernetes_documents() -> list[tuple[Path, dict]]:
    """Every Kubernetes object of deploy/k8s (kustomize's own files aside)."""
    found = []
    for path in sorted((DEPLOY / "k8s").rglob("*.yaml")):
        for doc in yaml_documents(path):
            if not doc["apiVersion"].startswith("kustomize.config.k8s.io/"):
                found.append((path, doc))
    return found


def pod_spec(doc: dict) -> dict | None:
    kind = doc["kind"]
    if kind in {"Deployment", "StatefulSet", "Job", "DaemonSet"}:
        return doc["spec"]["template"]["spec"]
    if kind == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def kubernetes_object(kind: str, name: str) -> dict:
    for _, doc in kubernetes_documents():
        if doc["kind"] == kind and doc["metadata"]["name"] == name:
            return doc
    raise LookupError(f"no {kind} named {name} in deploy/k8s")


def container(doc: dict, name: str) -> dict:
    return next(c for c in pod_spec(doc)["containers"] if c["name"] == name)

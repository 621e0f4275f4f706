"""Start-up refuses bad settings with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from groupage import env

ROOT = Path(__file__).resolve().parents[2]


def start_django(**variables: str) -> subprocess.CompletedProcess:
    """Load the real settings in a fresh interpreter with these variables."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "PLATFORM_DOMAIN"}
    }
    environment.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    environment.update(variables)
    environment["DJANGO_SETTINGS_MODULE"] = "groupage.settings"
    environment["PYTHONPATH"] = f"{ROOT}:{ROOT / 'platform'}"
    code = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=ROOT
    )


def test_production_refuses_to_start_without_secret_key():
    result = start_django()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked():
    result = start_django(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def test_bad_boolean_names_the_variable():
    result = start_django(DEBUG="maybe", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_bad_database_url_names_the_variable():
    result = start_django(DATABASE_URL="mysql://localhost/db", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_bad_broker_url_names_the_variable():
    result = start_django(CELERY_BROKER_URL="localhost:6379", SECRET_KEY="x" * 50)
    assert "CELERY_BROKER_URL" in result.stderr and result.returncode != 0


def test_bad_platform_domain_names_the_variable():
    result = start_django(PLATFORM_DOMAIN="https://groupage.fr", SECRET_KEY="x" * 50)
    assert "PLATFORM_DOMAIN" in result.stderr and result.returncode != 0


def test_short_secret_key_is_refused_in_production():
    result = start_django(SECRET_KEY="short")
    assert "SECRET_KEY must be at least" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), ("off", False), ("", False)]
)
def test_booleans_read_in_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env.env_bool("SOME_FLAG") is expected


def test_whole_numbers_are_checked(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env.env_int("EMAIL_PORT", 25)


def test_passwords_in_urls_never_reach_the_error(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://user:s3cret@host/db")
    with pytest.raises(ImproperlyConfigured) as refused:
        env.env_url("DATABASE_URL", ("postgres",))
    assert "s3cret" not in str(refused.value)

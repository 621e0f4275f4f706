"""Settings for the test suite: production-like (DEBUG off), fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("PLATFORM_DOMAIN", "localhost")

from groupage.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
ACCOUNT_RATE_LIMITS = False
PROVISIONING_RESERVE = 0

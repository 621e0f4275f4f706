"""Our `platform/` folder must not shadow the standard library's `platform`."""

import platform


def test_standard_platform_module_works_in_the_project():
    assert platform.system() == "Linux"
    assert platform.__file__.endswith("platform.py")


def test_running_site_reports_the_system(platform_client):
    health = platform_client.get("/healthz").json()
    assert health["system"] == platform.system()

"""Make sure Debian's Chromium is installed for the browser journeys.

Called by `make test`. Playwright drives the system's `chromium` (we never
download a browser build of our own). HarfBuzz's subsetter comes along: without
it WeasyPrint falls back to fontTools and every PDF takes ten times longer.
"""

import ctypes.util
import os
import shutil
import subprocess
import sys


def main() -> int:
    if shutil.which("chromium") and ctypes.util.find_library("harfbuzz-subset"):
        return 0
    if os.geteuid() != 0:
        print(
            "Chromium or HarfBuzz's subsetter is missing: install Debian's `chromium` and "
            "`libharfbuzz-subset0` packages for the browser tests and fast PDFs."
        )
        return 1
    print("Installing Debian's chromium for the browser journeys…", flush=True)
    quiet = {"stdout": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, **quiet)
    subprocess.run(
        [
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "fonts-dejavu-core",
            "libharfbuzz-subset0",
        ],
        check=True,
        env=env,
        **quiet,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Make sure Debian's Chromium is installed for the browser journeys.

Called by `make test`. Playwright drives the system's `chromium` (we never
download a browser build of our own).
"""

import os
import shutil
import subprocess
import sys


def main() -> int:
    if shutil.which("chromium"):
        return 0
    if os.geteuid() != 0:
        print("Chromium is missing: install Debian's `chromium` package for browser tests.")
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
        ],
        check=True,
        env=env,
        **quiet,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

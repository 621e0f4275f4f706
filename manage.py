#!/usr/bin/env python
"""Django's command-line utility for Groupage."""

import os
import sys
from pathlib import Path


def main() -> None:
    # The provider side lives in platform/, which is not itself a package
    # (it would shadow the standard library's `platform`): its sub-packages are.
    sys.path.insert(1, str(Path(__file__).resolve().parent / "platform"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groupage.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

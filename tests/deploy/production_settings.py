"""The production settings, unchanged but for where collected static files go.

The server tests collect static files (hashed and compressed, as the image
build does) into a temporary folder rather than into the checkout.
"""

import os

from groupage.settings import *  # noqa: F403

STATIC_ROOT = os.environ["GROUPAGE_TEST_STATIC_ROOT"]

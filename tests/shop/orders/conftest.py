import pytest
from django.utils import translation

# The `shop` fixture lives in tests/shop/conftest.py; kept importable from here.
from tests.shop.conftest import Shop, shop  # noqa: F401


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the refusal messages; the product speaks French by default."""
    with translation.override("en"):
        yield

# The `shop` fixture lives in tests/shop/conftest.py; kept importable from here.
from tests.shop.conftest import Shop, shop  # noqa: F401

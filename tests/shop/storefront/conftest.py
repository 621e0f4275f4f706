from tests.shop.orders.conftest import Shop, shop  # noqa: F401 - shared fixture

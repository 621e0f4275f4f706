from tests.shop.conftest import Shop, shop  # noqa: F401 - the small shop fixture

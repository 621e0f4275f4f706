from django.urls import path

from shop.storefront.views import account, cart, catalogue, orders

app_name = "storefront"
urlpatterns = [
    path("", catalogue.home, name="home"),
    path("choisir/", catalogue.choose, name="choose"),
    path("grille/", catalogue.grid_page, name="grid"),
    path("produits/<int:product_id>/", catalogue.product_detail, name="product"),
    path("producteurs/", catalogue.producer_list, name="producers"),
    path("producteurs/<slug:slug>/", catalogue.producer_detail, name="producer"),
    path("panier/", cart.cart_page, name="cart"),
    path("panier/ligne/", cart.cart_set, name="cart_set"),
    path("commande/", orders.checkout, name="checkout"),
    path("mes-commandes/", orders.order_list, name="orders"),
    path("mes-commandes/<str:number>/", orders.order_detail, name="order"),
    path("mes-commandes/<str:number>/modifier/", orders.order_edit, name="order_edit"),
    path("mes-commandes/<str:number>/annuler/", orders.order_cancel_view, name="order_cancel"),
    path("mes-commandes/<str:number>/recommander/", orders.order_reorder, name="order_reorder"),
    path("profil/", account.profile, name="profile"),
    path("profil/professionnel/", account.professional, name="professional"),
    path("fonctionnement/", account.rules, name="rules"),
]

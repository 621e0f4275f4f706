"""The collective's back-office for its admins and employees, under /gestion/."""

from django.urls import include, path

from shop.backoffice.views import cycles, dashboard, members, orders, pickup, producers, settings

app_name = "backoffice"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("producteurs/", producers.producer_list, name="producer_list"),
    path("producteurs/nouveau/", producers.producer_create, name="producer_create"),
    path("producteurs/<int:producer_id>/", producers.producer_edit, name="producer_edit"),
    path(
        "producteurs/<int:producer_id>/invitation/",
        producers.producer_invite,
        name="producer_invite",
    ),
    path("points/", pickup.point_list, name="point_list"),
    path("points/nouveau/", pickup.point_create, name="point_create"),
    path("points/<int:point_id>/", pickup.point_edit, name="point_edit"),
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/nouveau/", cycles.cycle_create_view, name="cycle_create"),
    path("calendriers/", cycles.schedule_list, name="schedule_list"),
    path("calendriers/nouveau/", cycles.schedule_create, name="schedule_create"),
    path("calendriers/<int:schedule_id>/", cycles.schedule_edit, name="schedule_edit"),
    path(
        "calendriers/<int:schedule_id>/supprimer/",
        cycles.schedule_delete,
        name="schedule_delete",
    ),
    path(
        "calendriers/<int:schedule_id>/creer-les-cycles/",
        cycles.schedule_create_cycles,
        name="schedule_create_cycles",
    ),
    path("membres/", members.member_list, name="member_list"),
    path("membres/<int:user_id>/", members.member_detail, name="member_detail"),
    path(
        "membres/pros/<int:account_id>/decision/",
        members.professional_decide,
        name="professional_decide",
    ),
    path("commandes/", orders.order_list, name="order_list"),
    path("commandes/<int:order_id>/", orders.order_detail, name="order_detail"),
    path("commandes/<int:order_id>/modifier/", orders.order_change, name="order_change"),
    path(
        "commandes/<int:order_id>/annuler/",
        orders.order_cancel_for_consumer,
        name="order_cancel",
    ),
    path("reglages/", settings.shop_settings, name="shop_settings"),
    path("reglages/identite/", settings.identity, name="identity"),
    path("demarrage/", include("shop.onboarding.urls")),
    path("messages/", include("shop.messaging.backoffice_urls")),
    path("tableau-de-bord/", include("shop.dashboard.urls")),
    path("factures/", include("shop.invoicing.urls_backoffice")),
    path("logistique/", include("shop.logistics.urls_backoffice")),
    path("abonnement/", include("billing.urls_backoffice")),
]

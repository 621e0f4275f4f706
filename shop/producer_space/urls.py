"""A producer's own space, under /producteur/: products, photos, catalogue file, weekly offer.

Admins of the collective use the same pages for any producer: `?producer=<id>`
on the list pages; product pages work for the product's producer.
"""

from django.urls import include, path

from shop.producer_space.views import catalogue_csv, home, offer, photos, products

app_name = "producer_space"
urlpatterns = [
    path("", home.home, name="home"),
    path("produits/", products.product_list, name="products"),
    path("produits/nouveau/", products.product_create, name="product_create"),
    path("produits/<int:product_id>/", products.product_edit, name="product_edit"),
    path(
        "produits/<int:product_id>/en-vente/",
        products.product_set_active,
        name="product_set_active",
    ),
    path("produits/<int:product_id>/photos/", photos.photo_upload, name="photo_upload"),
    path(
        "produits/<int:product_id>/photos/<int:photo_id>/deplacer/",
        photos.photo_move,
        name="photo_move",
    ),
    path(
        "produits/<int:product_id>/photos/<int:photo_id>/supprimer/",
        photos.photo_delete,
        name="photo_delete",
    ),
    path("catalogue.csv", catalogue_csv.catalogue_download, name="catalogue_download"),
    path("catalogue/importer/", catalogue_csv.catalogue_upload, name="catalogue_upload"),
    path("offre/", offer.offer_start, name="offer_start"),
    path("offre/<int:cycle_id>/", offer.offer_edit, name="offer"),
    path("tableau-de-bord/", include("shop.dashboard.producer_urls")),
    path("logistique/", include("shop.logistics.urls_producer")),
    path("factures/", include("shop.invoicing.urls_producer")),
]

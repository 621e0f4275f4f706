"""The public site's pages (apex domain), besides the landing page."""

from django.urls import path

from public_site import views

app_name = "public_site"
urlpatterns = [
    path("tarifs/", views.pricing, name="pricing"),
    path("inscription/", views.sign_up, name="sign_up"),
    path("inscription/disponibilite/", views.slug_check, name="slug_check"),
    path("inscription/<uuid:public_id>/", views.sign_up_progress, name="progress"),
    path("inscription/<uuid:public_id>/etat/", views.sign_up_status, name="status"),
    path("inscription/<uuid:public_id>/continuer/", views.sign_up_continue, name="continue"),
]

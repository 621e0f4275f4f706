"""The provider's staff console, on the apex domain under /console/."""

from django.urls import path

from maintenance.console import collective, features, fleet, migrations

app_name = "console"
urlpatterns = [
    path("", fleet.fleet, name="fleet"),
    path("journal/", fleet.audit_log, name="audit"),
    path("c/<slug:slug>/", collective.detail, name="collective"),
    path("c/<slug:slug>/statut/<str:action>/", collective.status_change, name="status"),
    path("c/<slug:slug>/anneau/", collective.ring_change, name="ring"),
    path("c/<slug:slug>/fonction/", collective.override_change, name="override"),
    path("c/<slug:slug>/chiffres/", collective.stats_refresh, name="stats_refresh"),
    path("c/<slug:slug>/export/", collective.export_start, name="export"),
    path("c/<slug:slug>/support/", collective.support_enter, name="support_enter"),
    path("support/<int:grant_id>/fin/", collective.support_end, name="support_end"),
    path("exports/<int:export_id>/", collective.export_download, name="export_download"),
    path("exports/<int:export_id>/restaurer/", collective.restore, name="restore"),
    path("migrations/", migrations.run_list, name="migrations"),
    path("migrations/lancer/", migrations.run_start, name="migration_start"),
    path("migrations/<int:run_id>/", migrations.run_detail, name="migration_run"),
    path("fonctions/", features.flag_list, name="features"),
    path("nouveautes/", features.announcement_list, name="announcements"),
    path("nouveautes/<int:note_id>/fin/", features.announcement_end, name="announcement_end"),
]

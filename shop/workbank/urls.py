"""The work bank, under /travail/."""

from django.urls import path

from shop.workbank import views

app_name = "workbank"
urlpatterns = [
    path("", views.work_home, name="home"),
    path("<int:entry_id>/supprimer/", views.work_delete, name="delete"),
    path("trimestres/", views.quarter_review, name="workbank_quarters"),
    path("trimestres/regle/", views.rule_update, name="workbank_rule"),
    path("trimestres/<str:quarter>.csv", views.quarter_csv, name="workbank_csv"),
    path("trimestres/<str:quarter>/heures.csv", views.entries_csv, name="workbank_entries_csv"),
    path("trimestres/<str:quarter>/cloture/", views.quarter_close, name="workbank_close"),
]

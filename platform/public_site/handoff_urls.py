"""Included in the collectives' URLs: one-time sign-ins handed over from the apex."""

from django.urls import path

from public_site.handoff_views import handoff_enter

urlpatterns = [path("<str:token>/", handoff_enter, name="handoff_enter")]

"""The collective's messages, included in the back-office (/gestion/messages/)."""

from django.urls import path

from shop.messaging.views import messages

urlpatterns = [
    path("", messages.message_list, name="message_list"),
    path("nouveau/", messages.message_create, name="message_create"),
    path("<int:message_id>/", messages.message_detail, name="message_detail"),
    path("<int:message_id>/modifier/", messages.message_edit, name="message_edit"),
    path("<int:message_id>/envoyer/", messages.message_send, name="message_send"),
    path("<int:message_id>/essai/", messages.message_test, name="message_test"),
    path("<int:message_id>/supprimer/", messages.message_delete, name="message_delete"),
]

from django.urls import path

from chuangxian.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("rights/", views.rights, name="rights"),
    path("<int:item_id>/", views.detail, name="detail"),
    path("<int:item_id>/edit/", views.edit, name="edit"),
    path("<int:item_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:item_id>/feedback/", views.feedback, name="feedback"),
    path("<int:item_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:item_id>/handlers/", views.handlers, name="handlers"),
    path("<int:item_id>/handlers/<int:grant_id>/revoke/", views.handler_revoke, name="handler_revoke"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
]

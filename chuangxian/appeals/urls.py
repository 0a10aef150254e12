from django.urls import path

from chuangxian.appeals import views, views_ledger

app_name = "appeals"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("inbox/", views.inbox, name="inbox"),
    path("stats/", views.stats, name="stats"),
    path("<int:appeal_id>/", views.detail, name="detail"),
    path("<int:appeal_id>/file/", views.attachment, name="attachment"),
    path("<int:appeal_id>/accept/", views.accept, name="accept"),
    path("<int:appeal_id>/transfer/", views.transfer, name="transfer"),
    path("<int:appeal_id>/answer/", views.answer, name="answer"),
    path("<int:appeal_id>/handler/", views.handler, name="handler"),
    path("<int:appeal_id>/message/", views.message, name="message"),
    path("<int:appeal_id>/rate/", views.rate, name="rate"),
    path("desks/", views_ledger.desks, name="desks"),
    path("desks/<int:desk_id>/remove/", views_ledger.desk_delete, name="desk_remove"),
    path("ledger/", views_ledger.ledger, name="ledger"),
    path("ledger/new/", views_ledger.matter_new, name="matter_new"),
    path("ledger/<int:matter_id>/", views_ledger.matter, name="matter"),
    path("ledger/<int:matter_id>/edit/", views_ledger.matter_edit, name="matter_edit"),
]

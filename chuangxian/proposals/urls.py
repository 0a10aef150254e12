"""Proposals' URLs, under /proposals/."""

from django.urls import path

from chuangxian.proposals import views, views_session

app_name = "proposals"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("sessions/<int:session_id>/", views_session.session_list, name="session"),
    path("sessions/<int:session_id>/new/", views.proposal_new, name="new"),
    path("sessions/<int:session_id>/collection/", views_session.collection, name="collection"),
    path("sessions/<int:session_id>/remind/", views_session.remind, name="remind"),
    path("sessions/<int:session_id>/report/", views_session.report, name="report"),
    path("<int:proposal_id>/", views.detail, name="detail"),
    path("<int:proposal_id>/edit/", views.proposal_edit, name="edit"),
    path("<int:proposal_id>/submit/", views.submit, name="submit"),
    path("<int:proposal_id>/cosign/", views.cosign, name="cosign"),
    path("<int:proposal_id>/invite/", views.invite, name="invite"),
    path("<int:proposal_id>/decide/", views.decide, name="decide"),
    path("<int:proposal_id>/assign/", views.assign, name="assign"),
    path("<int:proposal_id>/forward/", views.forward, name="forward"),
    path("<int:proposal_id>/note/<int:unit_id>/", views.note, name="note"),
    path("<int:proposal_id>/answer/", views.answer, name="answer"),
    path("<int:proposal_id>/rate/", views.rate, name="rate"),
]

from django.urls import path

from chuangxian.awards import views

app_name = "awards"
urlpatterns = [
    path("exemplars/", views.exemplars, name="exemplars"),
    path("certificate-template/", views.template_edit, name="template"),
    path("selections/<int:selection_id>/", views.results, name="results"),
    path("selections/<int:selection_id>/announce/", views.announce, name="announce"),
    path("selections/<int:selection_id>/certificates.pdf", views.certificates, name="certificates"),
    path("selections/<int:selection_id>/notice/", views.notice_draft, name="notice"),
    path("<int:award_id>/certificate.pdf", views.certificate, name="certificate"),
    path("<int:award_id>/exemplar/", views.exemplar, name="exemplar"),
]

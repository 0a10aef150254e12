from django.urls import path

from chuangxian.documents import views

app_name = "documents"
urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/series/", views.series_list, name="series"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:notice_id>/issue/", views.notice_issue_view, name="notice_issue"),
    path("notices/<int:notice_id>/revoke/", views.notice_revoke_view, name="notice_revoke"),
    path("notices/<int:notice_id>/delete/", views.notice_delete_view, name="notice_delete"),
    path("notices/<int:notice_id>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("notices/<int:notice_id>/docx/", views.notice_docx, name="notice_docx"),
    path("notices/<int:notice_id>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "notices/<int:notice_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "notices/<int:notice_id>/attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]

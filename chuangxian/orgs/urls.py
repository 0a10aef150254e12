from django.urls import path

from chuangxian.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:parent_id>/new/", views.unit_create_view, name="unit_create"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/move/", views.unit_move_view, name="unit_move"),
    path("units/<int:unit_id>/officers/", views.unit_officers_view, name="unit_officers"),
    path("units/<int:unit_id>/members/", views.unit_members, name="unit_members"),
    path("units/<int:unit_id>/<str:action>/", views.unit_status, name="unit_status"),
    path("members/", views.member_search, name="member_search"),
    path("members/<int:member_id>/", views.member_detail, name="member_detail"),
    path("members/<int:member_id>/roles/", views.member_role_grant, name="member_role_grant"),
    path(
        "members/<int:member_id>/roles/<int:assignment_id>/revoke/",
        views.member_role_revoke,
        name="member_role_revoke",
    ),
    path(
        "members/<int:member_id>/password-reset/", views.member_password_reset, name="member_password_reset"
    ),
]

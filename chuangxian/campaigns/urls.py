from django.urls import path

from chuangxian.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("copy/", views.campaign_copy_view, name="copy"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/edit/", views.campaign_edit, name="edit"),
    path("<int:campaign_id>/phases/", views.campaign_phases, name="phases"),
    path("<int:campaign_id>/reopen/", views.phase_reopen, name="reopen"),
    path("<int:campaign_id>/judges/", views.campaign_judges_view, name="judges"),
    path("<int:campaign_id>/judges/<int:grant_id>/revoke/", views.campaign_judge_revoke, name="judge_revoke"),
    path(
        "<int:campaign_id>/reopen/<int:reopening_id>/revoke/", views.phase_reopen_revoke, name="reopen_revoke"
    ),
]

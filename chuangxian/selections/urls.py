from django.urls import path

from chuangxian.selections import views, views_entries, views_office

app_name = "selections"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.selection_new, name="new"),
    path("<int:selection_id>/", views.detail, name="detail"),
    path("<int:selection_id>/edit/", views.selection_edit, name="edit"),
    path("<int:selection_id>/open/", views.selection_open_view, name="open"),
    path("<int:selection_id>/advance/", views.selection_advance_view, name="advance"),
    path("<int:selection_id>/stage/", views.selection_stage_set_view, name="stage_set"),
    path("<int:selection_id>/units/<int:unit_id>/nominate/", views.nominate, name="nominate"),
    path("entries/<int:entry_id>/", views_entries.entry_detail, name="entry"),
    path("entries/<int:entry_id>/withdraw/", views_entries.entry_withdraw_view, name="withdraw"),
    path("entries/<int:entry_id>/resubmit/", views_entries.entry_resubmit_view, name="resubmit"),
    path("entries/<int:entry_id>/party/", views_entries.entry_party_review_view, name="party_review"),
    path("entries/<int:entry_id>/review/", views_entries.entry_office_review_view, name="office_review"),
    path("entries/<int:entry_id>/files/<int:file_id>/", views_entries.entry_file, name="entry_file"),
    path("types/", views_office.type_list, name="type_list"),
    path("types/new/", views_office.type_new, name="type_new"),
    path("types/seed/", views_office.type_seed, name="type_seed"),
    path("types/<int:type_id>/edit/", views_office.type_edit, name="type_edit"),
    path("records/", views_office.records, name="records"),
    path("records/<int:member_id>/", views_office.record_edit, name="record_edit"),
]

# The judges' scoring: the secretary's panel pages and the judges' own.
from chuangxian.selections.urls_scoring import urlpatterns as scoring_urlpatterns  # noqa: E402

urlpatterns += scoring_urlpatterns

# The democratic recommendation (民主推荐), the committee's decision, and the teaching competitions.
from chuangxian.selections.urls_committee import urlpatterns as committee_urlpatterns  # noqa: E402
from chuangxian.selections.urls_competition import urlpatterns as competition_urlpatterns  # noqa: E402
from chuangxian.selections.urls_poll import urlpatterns as poll_urlpatterns  # noqa: E402

urlpatterns += poll_urlpatterns + committee_urlpatterns + competition_urlpatterns

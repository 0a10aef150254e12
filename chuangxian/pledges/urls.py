from django.urls import path

from chuangxian.pledges import views, wall_views

app_name = "pledges"
urlpatterns = [
    path("", views.pledge_mine, name="mine"),
    path("write/", views.pledge_write, name="write"),
    path("rating/", views.pledge_rating_settings, name="rating_settings"),
    path("to-rate/", views.pledge_to_rate, name="to_rate"),
    path("<int:pledge_id>/", views.pledge_detail, name="detail"),
    path("<int:pledge_id>/review/", views.pledge_review_view, name="review"),
    path("<int:pledge_id>/history/", views.pledge_history, name="history"),
    path("<int:pledge_id>/progress/", views.pledge_progress_view, name="progress"),
    path("<int:pledge_id>/report/", views.pledge_report_view, name="report"),
    path("<int:pledge_id>/rate/", views.pledge_rate_view, name="rate"),
    path("units/<int:unit_id>/finalize/", views.pledge_finalize_view, name="finalize"),
    path("units/<int:unit_id>/wall/", wall_views.pledge_wall_view, name="wall"),
    path("units/<int:unit_id>/wall.xlsx", wall_views.pledge_wall_xlsx, name="wall_xlsx"),
    path("units/<int:unit_id>/wall.pdf", wall_views.pledge_wall_pdf, name="wall_pdf"),
    path("units/<int:unit_id>/review/", views.pledge_queue, name="queue"),
]

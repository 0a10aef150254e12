from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from chuangxian.campaigns.views import home
from chuangxian.core.views import favicon

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("chuangxian.accounts.urls")),
    path("orgs/", include("chuangxian.orgs.urls")),
    path("roster/", include("chuangxian.roster.urls")),
    path("campaigns/", include("chuangxian.campaigns.urls")),
    path("tasks/", include("chuangxian.assignments.urls")),
    path("meetings/", include("chuangxian.meetings.urls")),
    path("plans/", include("chuangxian.plans.urls")),
    path("study/", include("chuangxian.study.urls")),
    path("documents/", include("chuangxian.documents.urls")),
    path("notifications/", include("chuangxian.notifications.urls")),
    path("projects/", include("chuangxian.projects.urls")),
    path("pledges/", include("chuangxian.pledges.urls")),
    path("activities/", include("chuangxian.activities.urls")),
    path("supervision/", include("chuangxian.supervision.urls")),
    path("coverage/", include("chuangxian.coverage.urls")),
    path("voting/", include("chuangxian.voting.urls")),
    path("selections/", include("chuangxian.selections.urls")),
    path("awards/", include("chuangxian.awards.urls")),
    path("gongshi/", include("chuangxian.publicnotice.urls")),
    path("congress/", include("chuangxian.congress.urls")),
    path("proposals/", include("chuangxian.proposals.urls")),
    path("disclosure/", include("chuangxian.disclosure.urls")),
    path("appeals/", include("chuangxian.appeals.urls")),
    path("workdays/", include("chuangxian.workdays.urls")),
    path("audit/", include("chuangxian.audit.urls")),
    path("exports/", include("chuangxian.exports.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
# No route for MEDIA_URL, in development as in production: uploads leave only through the
# access-checked views of their app (core.views.stored_file_response).

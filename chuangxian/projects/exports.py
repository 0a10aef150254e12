"""A campaign's projects as an export (``projects.list``: Excel, CSV), narrowed like the list page
(``q``, ``theme``, ``category``, ``status``, ``unit``). Projects are public within the school, so
whoever may view them (``can_view_project``: every user of the tenant) may export the list."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.filters import ListFilter
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import UnitCategory
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.projects.permissions import can_view_project
from chuangxian.projects.selectors import progress_percent, project_list_for_tenant


def _number(value: Any) -> str:
    return str(value) if str(value or "").isdigit() else ""


def _choice(value: Any, choices: Any) -> str:
    value = str(value or "")
    return value if value in {str(c) for c in choices.values} else ""


class ProjectListExporter(Exporter):
    """The campaign's projects by unit, with the progress the list shows (done weight / total) and
    the state of the project's entry in each of the campaign's project selections (优秀项目评选)."""

    name = "projects.list"
    label = gettext_lazy("工会项目")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("单位"), width=24),
        Column(gettext_lazy("项目名称"), width=30),
        Column(gettext_lazy("主题"), width=20),
        Column(gettext_lazy("项目目标"), width=40, wrap=True),
        Column(gettext_lazy("主要措施"), width=40, wrap=True),
        Column(gettext_lazy("预算（元）"), Kind.NUMBER, width=12),
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("进度"), Kind.PERCENT, width=8),
        Column(gettext_lazy("推荐参评"), width=30, wrap=True),
        Column(gettext_lazy("登记时间"), Kind.DATETIME),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        campaign = fetch_param(actor, Campaign.objects.all(), params.get("campaign"))
        filters = ListFilter(
            q=str(params.get("q") or "").strip()[:100],
            values={
                "theme": _number(params.get("theme")),
                "category": _choice(params.get("category"), UnitCategory),
                "status": _choice(params.get("status"), ProjectStatus),
                "unit": _number(params.get("unit")),
            },
        )
        return {"campaign": campaign, "filters": filters}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        # The list's rule: a project is seen by whoever may see any project of its school.
        campaign = objs["campaign"]
        return can_view_project(actor, Project(tenant_id=campaign.tenant_id))

    def title(self, **objs: Any) -> str:
        return _("%(campaign)s · 工会项目") % {"campaign": objs["campaign"].title}

    def _projects(self, **objs: Any) -> Any:
        campaign = objs["campaign"]
        return project_list_for_tenant(campaign.tenant_id, campaign=campaign, filters=objs["filters"])

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._projects(**objs).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        from chuangxian.selections.selectors_projects import project_entry_labels  # selections sits above

        campaign = objs["campaign"]
        entries = project_entry_labels(campaign.tenant_id, campaign.pk)  # one query for the whole list
        for project in self._projects(**objs).iterator(chunk_size=2000):
            yield (
                project.unit.name,
                project.title,
                project.theme.name if project.theme_id else "",
                project.goals,
                project.measures,
                float(project.budget) if project.budget is not None else None,
                project.get_status_display(),
                progress_percent(project.weight_done, project.weight_total),
                entries.get(project.pk, ""),
                project.created_at,
            )

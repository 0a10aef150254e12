from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "chuangxian.projects"
    verbose_name = "工会项目"

    def ready(self) -> None:
        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.projects.exports import ProjectListExporter

        register_exporter(ProjectListExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_everyone

        register_menu(
            MenuEntry("projects.list", _("项目"), "kanban", for_everyone("projects:list"), order=80)
        )

        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.projects.providers import project_todos

        register(
            {
                "projects.project.created": _("登记项目"),
                "projects.project.updated": _("修改项目"),
                "projects.milestone.added": _("添加项目节点"),
                "projects.milestone.updated": _("修改项目节点"),
                "projects.milestone.completed": _("完成项目节点"),
                "projects.milestone.reopened": _("撤销项目节点完成"),
                "projects.update.added": _("记录项目进展"),
                # The old nomination on the project (moved into the selections engine, migration
                # 0007): no longer written, kept so that its audit rows still read in Chinese.
                "projects.project.nominated": _("推荐项目参评优秀项目"),
                "projects.project.nomination_withdrawn": _("撤回项目参评推荐"),
                "projects.settings.updated": _("设置项目推荐名额"),
            }
        )
        todos.register(project_todos)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "chuangxian.workdays"
    verbose_name = "工作日设置"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office

        register_menu(
            MenuEntry(
                "workdays.index",
                _("工作日设置"),
                "calendar-week",
                for_office("workdays:index"),
                order=45,
                section="office",
            )
        )

        from chuangxian.audit.labels import register

        register(
            {
                "workdays.adjustment.added": _("新增工作日调整"),
                "workdays.adjustment.updated": _("修改工作日调整"),
                "workdays.adjustment.deleted": _("删除工作日调整"),
                "workdays.year.confirmed": _("确认已录入全年工作日安排"),
                "workdays.year.reopened": _("撤销全年工作日安排的确认"),
            }
        )

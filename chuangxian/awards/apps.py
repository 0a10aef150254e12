"""Awards (结果公布与证书): a selection's winners, their certificates, honours and exemplars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "chuangxian.awards"
    verbose_name = "结果公布与证书"

    def ready(self) -> None:
        from chuangxian.awards.exports import ResultsExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(ResultsExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members, for_office

        register_menu(
            MenuEntry(
                "awards.exemplars",
                _("先进典型"),
                "star",
                for_members("awards:exemplars"),
                order=76,
                group="honours",
            ),
            MenuEntry(
                "awards.template",
                _("证书模板"),
                "award",
                for_office("awards:template"),
                order=76,
                section="office",
            ),
        )

        from chuangxian.audit.labels import register, register_keys

        register(
            {
                "awards.announced": _("公布获奖名单"),
                "awards.exemplar.set": _("标记先进典型"),
                "awards.template.saved": _("修改证书模板"),
                "awards.notice.drafted": _("起草获奖名单通知"),
            }
        )
        register_keys(
            {
                "awarded_on": _("授予日期"),
                "winners": _("获奖者"),
                "kept": _("已公布过的"),
                "exemplar": _("先进典型"),
                "name": _("获奖者"),
                "title": _("证书标题"),
                "body": _("证书正文"),
                "union_name": _("工会名称"),
                "signature": _("落款"),
                "date_format": _("日期格式"),
                "notice": _("通知"),
            },
            action="awards",
        )

"""What the judges' scoring registers when the app is ready: the judge's grant on a panel (given by
the office), the scoring stage's exit check, the scores' export and the audit log's labels of its
actions. Called from ``SelectionsConfig.ready``."""

from django.utils.translation import gettext_lazy as _


def ready_scoring() -> None:
    from chuangxian.grants.models import GrantKind
    from chuangxian.grants.registry import register_kind
    from chuangxian.selections.models_scoring import Panel
    from chuangxian.selections.permissions_scoring import can_manage_panel

    register_kind(GrantKind.JUDGE, Panel, can_grant=can_manage_panel)

    # A selection leaves its scoring stage forward only when every sheet due is in.
    from chuangxian.selections.models import Stage
    from chuangxian.selections.services.runs import register_exit_check
    from chuangxian.selections.services.scoring import scoring_exit_refusal

    register_exit_check(Stage.SCORING, scoring_exit_refusal)
    # Then what the scores decide: who is selected (a panel's places) or advances (its rounds).
    from chuangxian.selections.services.runs import register_settle
    from chuangxian.selections.services.scoring_outcome import scoring_outcome_refusal, scoring_settle

    register_exit_check(Stage.SCORING, scoring_outcome_refusal)
    register_settle(Stage.SCORING, scoring_settle)

    from chuangxian.exports.registry import register as register_exporter
    from chuangxian.selections.exports_scoring import ScoresExporter

    register_exporter(ScoresExporter())

    from chuangxian.audit.labels import register, register_keys

    register(
        {
            "selections.panel.created": _("新建评审组"),
            "selections.panel.updated": _("修改评审组"),
            "selections.panel.rubric_set": _("设置评分细则"),
            "selections.panel.entries_set": _("调整评审组的参评对象"),
            "selections.panel.judges_set": _("设置评审组评委"),
            "selections.panel.reminded": _("提醒评委打分"),
            "selections.panel.tie_decided": _("记录同分名次决定"),
            "selections.sheet.saved": _("保存评分草稿"),
            "selections.sheet.submitted": _("提交评分"),
        }
    )
    register_keys(
        {
            "entries": _("参评对象数"),
            "tie_break": _("同分排序规则"),
            "advance_count": _("入选名额"),
            "items": _("评分细则"),
            "added": _("加入"),
            "judges": _("评委"),
            "told": _("提醒人数"),
            "order": _("名次顺序"),
            "panel": _("评审组"),
            "entry": _("参评对象"),
            "total": _("合计"),
            "name": _("名称"),
        },
        action="selections.panel",
    )
    register_keys(
        {"panel": _("评审组"), "entry": _("参评对象"), "total": _("合计")}, action="selections.sheet"
    )

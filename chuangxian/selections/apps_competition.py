"""What the competition part of selections registers when the app is ready: the audit log's labels
of its actions (the draw, the lectures, the promotion). Called from ``SelectionsConfig.ready``."""

from django.utils.translation import gettext_lazy as _


def ready_competition() -> None:
    from chuangxian.audit.labels import register, register_keys, register_values
    from chuangxian.selections.models_scoring import Round

    register(
        {
            "selections.panel.drawn": _("抽签决定出场顺序"),
            "selections.panel.promoted": _("确定晋级名单"),
            "selections.lecture.started": _("开始讲课"),
            "selections.lecture.ended": _("结束讲课（计时扣分）"),
            "selections.lecture.timed": _("录入讲课用时"),
        }
    )
    register_keys(
        {
            "seed": _("抽签种子"),
            "replaced": _("取代的种子"),
            "target": _("晋级到"),
            "advancing": _("晋级名单"),
            "round": _("轮次"),
            "group": _("组别"),
            "advances_to": _("晋级到"),
            "overtime": _("超时扣分规则（规定秒数、每分钟扣分、上限、宽限秒数）"),
            "draw_cleared": _("已清除抽签结果"),
        },
        action="selections.panel",
    )
    register_keys(
        {
            "entry": _("参评对象"),
            "position": _("出场顺序"),
            "duration": _("用时（秒）"),
            "deduction": _("扣分"),
            "before": _("更正前（用时、扣分）"),
        },
        action="selections.lecture",
    )
    register_values("round", Round.choices, action="selections.panel")

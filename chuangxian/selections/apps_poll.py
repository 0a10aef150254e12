"""What the democratic recommendation (民主推荐) registers when the app is ready: the poll stage's
exit check and settle, and the audit log's labels of its action. Called from
``SelectionsConfig.ready``."""

from django.utils.translation import gettext_lazy as _


def ready_poll() -> None:
    # A selection leaves its poll stage forward only once its poll's published result decides who
    # is recommended; leaving it removes the candidates not recommended.
    from chuangxian.selections.models import Stage
    from chuangxian.selections.services.poll import poll_exit_refusal, poll_settle
    from chuangxian.selections.services.runs import register_exit_check, register_settle

    register_exit_check(Stage.POLL, poll_exit_refusal)
    register_settle(Stage.POLL, poll_settle)

    from chuangxian.audit.labels import register, register_keys

    register({"selections.poll.created": _("发起民主推荐")})
    register_keys(
        {"poll": _("投票名称"), "seats": _("推荐名额"), "candidates": _("候选对象")},
        action="selections.poll",
    )

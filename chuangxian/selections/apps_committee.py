"""What the committee stage registers when the app is ready: its exit check (every entry decided),
what leaving it settles (the entries not agreed to are removed) and the audit log's labels. Called
from ``SelectionsConfig.ready``."""

from django.utils.translation import gettext_lazy as _


def ready_committee() -> None:
    from chuangxian.audit.labels import register, register_keys
    from chuangxian.selections.models import Stage
    from chuangxian.selections.services.committee import committee_exit_refusal, committee_settle
    from chuangxian.selections.services.runs import register_exit_check, register_settle

    register_exit_check(Stage.COMMITTEE, committee_exit_refusal)
    register_settle(Stage.COMMITTEE, committee_settle)
    register({"selections.selection.committee_decided": _("登记评审委员会意见")})
    register_keys({"decisions": _("评审委员会意见")}, action="selections.selection.committee_decided")

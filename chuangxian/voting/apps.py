from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "chuangxian.voting"
    verbose_name = "投票"

    def ready(self) -> None:
        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.voting.exports import PollListExporter, PollResultExporter

        register_exporter(PollResultExporter())
        register_exporter(PollListExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members

        register_menu(
            MenuEntry("voting.index", _("投票"), "check2-square", for_members("voting:index"), order=70)
        )

        # Who is a scrutineer (监票人) or teller (计票人) of a poll is a grant on the poll, given (and
        # taken back) by whoever organises it: the poll form names them, ``services.polls`` grants.
        from chuangxian.grants.models import GrantKind
        from chuangxian.grants.registry import register_kind
        from chuangxian.voting.models import Poll
        from chuangxian.voting.permissions import can_manage_poll

        register_kind(GrantKind.SCRUTINEER, Poll, can_grant=can_manage_poll)
        register_kind(GrantKind.TELLER, Poll, can_grant=can_manage_poll)

        from chuangxian.core.clock_jobs import register_periodic
        from chuangxian.voting.clock import JOB, voting_job

        register_periodic(JOB, voting_job)

        from chuangxian.audit.labels import register, register_keys
        from chuangxian.campaigns import todos
        from chuangxian.voting.todos import voting_todos

        todos.register(voting_todos)
        register(
            {
                "voting.poll.created": _("创建投票"),
                "voting.poll.updated": _("修改投票"),
                "voting.question.added": _("添加投票题目"),
                "voting.question.removed": _("删除投票题目"),
                "voting.poll.opened": _("开始投票"),
                "voting.poll.scheduled": _("开启投票（待开始，投票人名单已固定）"),
                "voting.poll.started": _("投票到时开始"),
                "voting.poll.reminded": _("提醒未投票者"),
                "voting.ballot.cast": _("投票（只记录已投，不记录内容）"),
                "voting.paper.entered": _("录入纸质选票结果"),
                "voting.box.share_shown": _("监票人查看开箱密钥分片"),
                "voting.box.share_collected": _("监票人确认已抄好开箱密钥分片"),
                "voting.box.share_submitted": _("监票人提交开箱密钥分片"),
                "voting.box.opened": _("开启密封票箱"),
                "voting.poll.closed": _("投票截止"),
                "voting.poll.closed_early": _("提前截止投票"),
                "voting.poll.tallied": _("计票"),
                "voting.poll.confirmed": _("监票人确认"),
                "voting.poll.lot": _("记录抽签结果"),
                "voting.poll.published": _("公布投票结果"),
                "voting.poll.runoff": _("发起再次投票"),
            }
        )
        # Poll officers are recorded by staff number under these keys (``_people_and_units``): no field.
        register_keys({"scrutineers": _("监票人"), "tellers": _("计票人")}, action="voting.poll")
        # What the scrutineer's recount showed (``PollOfficer.confirmed_fingerprint`` is derived, no field).
        register_keys({"confirmed_fingerprint": _("核对的指纹")}, action="voting.poll.confirmed")
        register_keys({"sealed": _("密封选票"), "opened": _("开启的选票")}, action="voting.box.opened")

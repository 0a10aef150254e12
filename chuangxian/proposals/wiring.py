"""What proposals register when the app is ready: the audit log's labels, the menu entry, the
export. Called from ``ProposalsConfig.ready``."""

from django.utils.translation import gettext_lazy as _


def ready_proposals() -> None:
    from chuangxian.audit.labels import register, register_keys

    register(
        {
            "proposals.collection.set": _("设置提案征集"),
            "proposals.proposal.drafted": _("起草提案"),
            "proposals.proposal.updated": _("修改提案"),
            "proposals.proposal.invited": _("邀请附议"),
            "proposals.proposal.cosigned": _("确认附议"),
            "proposals.proposal.cosign_declined": _("谢绝附议"),
            "proposals.proposal.submitted": _("提交提案"),
            "proposals.proposal.accepted": _("提案立案"),
            "proposals.proposal.merged": _("提案并案"),
            "proposals.proposal.converted": _("提案转为意见建议"),
            "proposals.proposal.rejected": _("提案不予立案"),
            "proposals.proposal.forwarded": _("提案转报学校教代会"),
            "proposals.proposal.assigned": _("交办提案"),
            "proposals.proposal.cohandled": _("填写协办意见"),
            "proposals.proposal.answered": _("答复提案"),
            "proposals.proposal.rated": _("评价提案答复"),
            "proposals.session.reminded": _("催办逾期提案"),
            "proposals.session.reported": _("生成提案办理情况报告"),
        }
    )
    register_keys(
        {
            "opens_on": _("征集开始日期"),
            "closes_on": _("征集截止日期"),
            "min_cosigners": _("至少附议人数"),
            "title": _("案由"),
            "members": _("附议人"),
            "cosigners": _("已确认附议人数"),
            "number": _("提案号"),
            "note": _("意见"),
            "merge_into": _("并入"),
            "lead": _("主办单位"),
            "cohandlers": _("协办单位"),
            "deadline": _("答复期限"),
            "unit": _("单位"),
            "round": _("办理轮次"),
            "answer_category": _("答复类别"),
            "category": _("类别"),
            "reasons": _("理由 / 情况分析"),
            "suggestions": _("具体建议"),
            "value": _("评价"),
            "overdue": _("逾期提案数"),
            "session": _("会议"),
            "notice": _("公文"),
        },
        action="proposals",
    )

    from chuangxian.core.menu import MenuEntry
    from chuangxian.core.menu import register as register_menu
    from chuangxian.orgs.menu import for_members

    # For every member: submitted proposals are public within the school (what the staff asked and
    # what was answered); the page leads representatives and handling offices to their own work.
    register_menu(
        MenuEntry(
            "proposals.mine",
            _("提案"),
            "file-earmark-text",
            for_members("proposals:mine"),
            order=79,
            group="democracy",
        )
    )

    from chuangxian.campaigns import todos
    from chuangxian.core.roles import Role
    from chuangxian.proposals.todos import proposal_todos

    todos.register(proposal_todos, serves=(Role.REPRESENTATIVE,))

    from chuangxian.core.clock_jobs import register_periodic
    from chuangxian.proposals.clock import JOB, proposals_job

    register_periodic(JOB, proposals_job)

    from chuangxian.exports.registry import register as register_exporter
    from chuangxian.proposals.exports import ProposalsExporter

    register_exporter(ProposalsExporter())

"""What the congress app registers with the rest of the project (called from ``ready``)."""

from django.utils.translation import gettext_lazy as _


def wire() -> None:
    from chuangxian.congress.models import Congress
    from chuangxian.congress.permissions import can_manage_congress
    from chuangxian.congress.services.attendance import CHECKIN
    from chuangxian.congress.services.polls import session_electorate, session_quorum_check
    from chuangxian.core.checkin.adapter import register as register_checkin
    from chuangxian.core.menu import MenuEntry, MenuGroup, register_group
    from chuangxian.core.menu import register as register_menu
    from chuangxian.grants.models import GrantKind
    from chuangxian.grants.registry import register_kind
    from chuangxian.orgs.menu import for_members
    from chuangxian.voting.selectors.electorate import register_representatives_source
    from chuangxian.voting.services.opening import register_open_check

    # A representative is the REPRESENTATIVE grant on one congress, given by its managers.
    register_kind(GrantKind.REPRESENTATIVE, Congress, can_grant=can_manage_congress)
    register_checkin(CHECKIN)
    register_representatives_source(session_electorate)
    register_open_check(session_quorum_check)
    # 民主管理 (seed §四): the congress, its proposals, school-affairs disclosure and the appeals box
    # share one menu.
    register_group(MenuGroup("democracy", _("民主管理"), "people", order=78))
    register_menu(
        MenuEntry(
            "congress.index",
            _("教代会"),
            "people",
            for_members("congress:index"),
            order=78,
            group="democracy",
        )
    )

    from chuangxian.congress.exports import RepresentativesExporter
    from chuangxian.exports.registry import register as register_exporter

    register_exporter(RepresentativesExporter())
    _labels()


def _labels() -> None:
    from chuangxian.audit.labels import register, register_keys

    register(
        {
            "congress.congress.created": _("新建一届教代会"),
            "congress.congress.updated": _("修改教代会届次与规则"),
            "congress.delegation.created": _("设立代表团"),
            "congress.delegation.updated": _("修改代表团"),
            "congress.representative.elected": _("登记代表选举结果"),
            "congress.representative.replaced": _("更换教代会代表"),
            "congress.session.created": _("新建教代会会议"),
            "congress.session.updated": _("修改教代会会议"),
            "congress.agenda.added": _("增加会议议程"),
            "congress.agenda.moved": _("调整议程顺序"),
            "congress.agenda.removed": _("删除会议议程"),
            "congress.document.added": _("上传会议文件"),
            "congress.document.removed": _("删除会议文件"),
            "congress.attendance.checked_in": _("代表扫码签到"),
            "congress.attendance.checked_in_many": _("批量记录代表签到"),
            "congress.attendance.set": _("登记代表出席名单"),
            "congress.attendance.ticked": _("登记代表出席"),
            "congress.attendance.unticked": _("取消代表出席登记"),
            "congress.poll.created": _("在会议中发起选举或表决"),
        }
    )
    register_keys(
        {
            "congress": _("教代会"),
            "term_starts_on": _("本届开始日期"),
            "term_years": _("任期（年）"),
            "term_number": _("届次"),
            "all_staff": _("全体教职工大会"),
            "teachers_min": _("教师代表最低比例"),
            "leaders_max": _("领导干部最高比例"),
            "quorum": _("法定人数比例"),
            "majority": _("通过标准"),
            "delegation": _("代表团"),
            "head": _("团长"),
            "member": _("代表"),
            "unit": _("选举单位"),
            "elected_on": _("当选日期"),
            "before": _("原代表"),
            "after": _("新代表"),
            "reason": _("原因"),
            "session": _("会议"),
            "number": _("第几次会议"),
            "starts_at": _("开始时间"),
            "ends_at": _("结束时间"),
            "place": _("地点"),
            "note": _("说明"),
            "title": _("名称"),
            "file": _("文件"),
            "kind": _("类型"),
            "poll": _("投票"),
            "purpose": _("用途"),
        },
        action="congress",
    )

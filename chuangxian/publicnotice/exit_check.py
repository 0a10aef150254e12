"""The public notice's condition for a selection to leave its notice stage (registered with
``selections.services.runs.register_exit_check``): only ``notice_finalise`` ends a notice — after its
period, with no objection open, on the round standing now. So the selection page's 进入下一环节 cannot
skip the period or the objections."""

from django.utils.translation import gettext as _

from chuangxian.core.errors import DomainError
from chuangxian.publicnotice.services._common import NoticeError, current_notice
from chuangxian.selections.models import Selection


def notice_confirmed(selection: Selection) -> DomainError | None:
    notice = current_notice(selection)
    if notice is not None and notice.is_current and notice.finalised_at is not None:
        return None
    return NoticeError(
        code="use_finalise",
        message=_(
            "公示环节须在公示期满、异议全部处理完毕后，由学校工会在公示页面确认结果，评选才进入下一环节。"
        ),
    )

"""Every write of the public notice (公示), one function per action, each taking a typed actor.

- ``publish``: ``notice_publish`` (the office publishes a round, optionally as a numbered official
  notice) and ``notice_finalise`` (the period over and no objection open: the selection moves to its
  final stage);
- ``objections``: ``objection_file`` (a person of the school, under a real name) and
  ``objection_answer`` (the office or the discipline-inspection grant; substantiated, it removes the
  entry and withdraws the round for a new publication);
- ``discipline``: ``discipline_name`` (the office gives the discipline-inspection grant on a
  selection).
"""

from chuangxian.publicnotice.services._common import NoticeError
from chuangxian.publicnotice.services.discipline import discipline_name
from chuangxian.publicnotice.services.objections import objection_answer, objection_check, objection_file
from chuangxian.publicnotice.services.publish import (
    REAL_NAME_RULE,
    OfficialNotice,
    entries_in_the_running,
    notice_finalise,
    notice_period,
    notice_publish,
    open_objections,
    unlisted_entries,
)

__all__ = [
    "REAL_NAME_RULE",
    "NoticeError",
    "OfficialNotice",
    "discipline_name",
    "entries_in_the_running",
    "notice_finalise",
    "notice_period",
    "notice_publish",
    "objection_answer",
    "objection_check",
    "objection_file",
    "open_objections",
    "unlisted_entries",
]

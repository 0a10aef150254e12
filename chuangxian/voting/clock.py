"""The voting clock's job, run by the application's clock (``manage.py clock``; registered in
``VotingConfig.ready``) and alone by ``manage.py voting_tick``."""

from chuangxian.voting.services import polls_close_due, polls_remind_due, polls_start_due

JOB = "voting_tick"


def voting_job() -> dict[str, int]:
    """One tick: start the scheduled polls that are due (and only then tell their voters), close the
    polls whose closing time has passed, send each open poll's one automatic reminder."""
    started, closed, reminded = polls_start_due(), polls_close_due(), polls_remind_due()
    return {"started": started, "closed": closed, "reminded": reminded}

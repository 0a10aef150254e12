"""The democratic recommendation's service on the permission table (appended to
``service_cases.CASES``).

Only the school's office starts it (``can_configure_tenant``); the platform admin passes that check
but belongs to no school, so the voting engine's ``poll_create`` refuses it ('forbidden'), as it
refuses every poll of a school to the admin. The chairs (own and sibling college), the member, the
leader and the other school's office are refused before anything is read.
"""

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.selections.models import Selection
from chuangxian.selections.services.poll import selection_poll_create
from chuangxian.selections.tests.factories_poll import poll_data, poll_selection, to_poll
from tests.service_permissions.harness import OFFICE, ServiceCase, World


def _at_poll(w: World) -> Selection:
    selection, _entries = poll_selection(
        make_campaign(w.tree.tenant), [(w.tree.college, "张老师"), (w.tree.sibling, "王老师")]
    )
    return to_poll(selection)


POLL_CASES = [
    ServiceCase(
        service=selection_poll_create,
        allowed=OFFICE,
        arrange=_at_poll,
        act=lambda w, selection, actor: selection_poll_create(
            selection=selection, data=poll_data([w.tree.library], 1), actor=actor
        ),
    ),
]

"""What the campaigns services share: their errors and the office check."""

from django.utils.translation import gettext as _

from chuangxian.campaigns.permissions import can_configure_campaigns
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused


class CampaignError(DomainError):
    pass


class PhaseClosedError(CampaignError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    """Refused 'not_office' unless ``actor`` is the campaign office of the school (or the system)."""
    if not can_configure_campaigns(actor, tenant_id):
        raise Refused(_("只有本校工会（创先办）可以配置创先活动。"), code="not_office")

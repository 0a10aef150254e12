"""Every write to campaigns, their themes and phases, their judges, and phase-window reopenings (one
module per concern; the public names are re-exported here)."""

from chuangxian.campaigns.services._common import CampaignError, PhaseClosedError
from chuangxian.campaigns.services.campaigns import (
    CAMPAIGN_FIELDS,
    campaign_attach_founding_file,
    campaign_copy,
    campaign_create,
    campaign_set_status,
    campaign_update,
)
from chuangxian.campaigns.services.judges import campaign_judges_name
from chuangxian.campaigns.services.plan import (
    CampaignSpec,
    PhaseSpec,
    campaign_set_phases,
    campaign_set_themes,
    validate_phases,
)
from chuangxian.campaigns.services.windows import (
    phase_require_open,
    phase_window_reopen,
    phase_window_revoke,
    phase_window_until_check,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "CampaignError",
    "CampaignSpec",
    "PhaseClosedError",
    "PhaseSpec",
    "campaign_attach_founding_file",
    "campaign_copy",
    "campaign_create",
    "campaign_judges_name",
    "campaign_set_phases",
    "campaign_set_status",
    "campaign_set_themes",
    "campaign_update",
    "phase_require_open",
    "phase_window_reopen",
    "phase_window_revoke",
    "phase_window_until_check",
    "validate_phases",
]

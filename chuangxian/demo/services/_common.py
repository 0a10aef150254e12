"""What every part of the demo loader shares: the demo's names and password, its error and result
types, and finding the demo tenant."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from chuangxian.campaigns.models import Campaign
from chuangxian.core.errors import DomainError
from chuangxian.core.models import Tenant
from chuangxian.demo.models import PersonaKey

DEMO_SLUG = "demo"
DEMO_NAME = "泉州示范师范学院"  # fictional: shaped like the seed's university, not named after it
DEMO_SHORT_NAME = "示范师院"
DEMO_PASSWORD = "Demo@2026"
ADMIN_USERNAME = "admin"
ADMIN_DISPLAY_NAME = "系统管理员"
ROSTER_SOURCE = "demo"
PERSONA_ORDER = {key: order for order, key in enumerate(PersonaKey, start=1)}


class DemoError(DomainError):
    pass


@dataclass(frozen=True)
class DemoResult:
    tenant: Tenant
    campaign: Campaign
    units: dict[str, int]  # UnitKind → how many
    members: int
    personas: int
    as_of: date
    phase2: Any = None  # phase2.Phase2Summary: projects, pledges by status, activities


def demo_tenant() -> Tenant | None:
    return Tenant.objects.filter(slug=DEMO_SLUG).first()

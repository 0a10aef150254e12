"""Reads of the demo: its logins table and a one-line summary of where the campaign stands."""

from dataclasses import dataclass
from datetime import date

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_current_for_tenant, phase_current
from chuangxian.core.models import Tenant
from chuangxian.demo.models import Persona
from chuangxian.demo.services import DEMO_PASSWORD
from chuangxian.orgs.models import Unit, UnitKind

BASE_URL = "http://127.0.0.1:8000"
ADMIN_URL = f"{BASE_URL}/admin/"


@dataclass(frozen=True)
class LoginRow:
    role: str  # Chinese label of the role
    name: str
    unit: str
    login: str  # staff number, or the admin's username
    password: str
    url: str


def unit_label(unit: Unit) -> str:
    """A union group is shown with its college: 外国语学院 / 英语教研室工会小组."""
    if unit.kind != UnitKind.GROUP:
        return unit.name
    parent = Unit.objects.filter(tenant_id=unit.tenant_id, path=unit.path[: -unit.steplen]).first()
    return f"{parent.name} / {unit.name}" if parent is not None else unit.name


def demo_login_rows(tenant: Tenant) -> list[LoginRow]:
    rows = []
    personas = (
        Persona.objects.filter(tenant=tenant).select_related("member__unit", "user").order_by("order", "pk")
    )
    for persona in personas:
        if persona.member is None:
            rows.append(
                LoginRow(
                    role=persona.get_key_display(),
                    name=persona.user.get_full_name(),
                    unit="（全平台）",
                    login=persona.user.get_username(),
                    password=DEMO_PASSWORD if persona.password_is_demo else "（原有账号，密码未改）",
                    url=ADMIN_URL,
                )
            )
        else:
            rows.append(
                LoginRow(
                    role=persona.get_key_display(),
                    name=persona.member.name,
                    unit=unit_label(persona.member.unit),
                    login=persona.member.staff_no,
                    password=DEMO_PASSWORD,
                    url=BASE_URL,
                )
            )
    return rows


@dataclass(frozen=True)
class CampaignState:
    campaign: Campaign
    phase_order: int | None
    phase_name: str
    starts_on: date | None
    ends_on: date | None


def demo_campaign_state(tenant: Tenant, on: date | None = None) -> CampaignState | None:
    campaign = campaign_current_for_tenant(tenant.pk)
    if campaign is None:
        return None
    current = phase_current(campaign, on)
    if current is None:
        return CampaignState(campaign, None, "", None, None)
    phase = current.phase
    return CampaignState(campaign, phase.order, phase.name, phase.starts_on, phase.ends_on)

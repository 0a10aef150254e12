"""Two office staff save the same new theme list at the same moment: both saves succeed, once.

The campaign row is locked while the themes are read and written; SQLite serialises writers anyway,
so the race is only meaningful, and only run, on PostgreSQL.
"""

from chuangxian.campaigns.models import Theme
from chuangxian.campaigns.services import campaign_set_themes
from chuangxian.campaigns.tests.factories import make_campaign
from tests.races import postgres_race, run_together

pytestmark = postgres_race


def test_two_simultaneous_theme_edits_both_apply(tree, personas):
    campaign = make_campaign(tree.tenant)
    names = [*campaign.themes.values_list("name", flat=True), "新增主题"]

    def save() -> None:
        campaign_set_themes(campaign=campaign, names=names, actor=personas.office)

    errors = run_together(save, save)
    assert errors == []
    assert list(Theme.objects.filter(campaign=campaign).values_list("name", flat=True)) == names

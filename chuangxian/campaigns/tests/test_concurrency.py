"""Two office staff save the same new theme list at the same moment: both saves succeed, once.

The campaign row is locked while the themes are read and written; SQLite serialises writers anyway,
so the race is only meaningful, and only run, on PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections

from chuangxian.campaigns.models import Theme
from chuangxian.campaigns.services import campaign_set_themes
from chuangxian.campaigns.tests.factories import make_campaign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_theme_edits_both_apply(tree, personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    campaign = make_campaign(tree.tenant)
    names = [*campaign.themes.values_list("name", flat=True), "新增主题"]
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def save() -> None:
        try:
            barrier.wait()
            campaign_set_themes(campaign=campaign, names=names, actor=personas.office)
        except Exception as error:
            errors.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(Theme.objects.filter(campaign=campaign).values_list("name", flat=True)) == names

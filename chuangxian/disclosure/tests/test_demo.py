"""The demo's disclosure sample: four items of the three categories, one for the persona's college
only, two questions answered and one left open for the responsible office."""

from chuangxian.core import clock
from chuangxian.core.actors import DEMO
from chuangxian.disclosure.demo import disclosure_demo_create
from chuangxian.disclosure.models import DisclosureItem, Feedback
from chuangxian.disclosure.selectors import item_list_for


def test_the_demo_sample(tree, personas):
    units = {u.name: u for u in (tree.root, tree.college, tree.group, tree.sibling)}
    disclosure_demo_create(
        units=units, office=DEMO, member=personas.member, chair=personas.chair, as_of=clock.today()
    )
    items = DisclosureItem.objects.filter(tenant_id=tree.tenant.pk)
    assert items.count() == 4
    assert {i.category for i in items} == {"management", "interests", "integrity"}
    questions = Feedback.objects.filter(tenant_id=tree.tenant.pk, kind="question")
    assert sorted(q.answered_at is None for q in questions) == [False, False, True]
    assert len(item_list_for(personas.member, tree.tenant.pk)) == 4
    assert len(item_list_for(personas.sibling_chair, tree.tenant.pk)) == 3

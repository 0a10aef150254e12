from chuangxian.orgs import selectors
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory


def test_children_show_members_of_the_child_and_of_its_subtree(tree, django_assert_num_queries):
    MemberFactory.create_batch(2, unit=tree.college)
    MemberFactory.create_batch(3, unit=tree.group)
    MemberFactory(unit=tree.group, status=MemberStatus.RETIRED)
    MemberFactory.create_batch(4, unit=tree.sibling)
    MemberFactory(unit=tree.root)
    with django_assert_num_queries(2):
        rows = {
            row.unit.name: (row.member_count, row.subtree_count) for row in selectors.unit_children(tree.root)
        }
    assert rows["文学与传播学院"] == (2, 5)
    assert rows["数学与计算机科学学院"] == (4, 4)
    assert rows["图书馆"] == (0, 0)
    college_rows = {
        row.unit.name: (row.member_count, row.subtree_count) for row in selectors.unit_children(tree.college)
    }
    assert college_rows == {"中文系工会小组": (3, 3)}


def test_the_unit_page_labels_both_counts(client, tree, personas):
    MemberFactory.create_batch(3, unit=tree.group)
    client.force_login(personas.chair)
    html = client.get(f"/orgs/units/{tree.college.pk}/").content.decode()
    # the group has the plain member persona plus three
    assert "本级 4 人，含下级 4 人" in html

"""The list pages' shared filter plumbing: text matching, the date range, the forgiving GET form."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.http import QueryDict

from chuangxian.core.filters import ListFilterForm, date_range_q, subtree_q, text_q

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_every_word_must_match_some_field_and_letters_also_match_initials():
    both = Q(title__icontains="师德") | Q(body__icontains="师德")
    assert text_q("师德", ("title", "body")) == Q() & both
    condition = text_q("zw 讲座", ("name",), initials=("name_initials",))
    assert condition == Q() & (Q(name__icontains="zw") | Q(name_initials__startswith="zw")) & Q(
        name__icontains="讲座"
    )
    assert text_q("  ", ("name",)) == Q()


def test_a_day_range_of_moments_is_local_and_half_open():
    condition = date_range_q("at", date(2011, 3, 5), date(2011, 3, 5), moments=True)
    assert condition == Q() & Q(at__gte=datetime(2011, 3, 5, tzinfo=SHANGHAI)) & Q(
        at__lt=datetime(2011, 3, 6, tzinfo=SHANGHAI)
    )
    assert date_range_q("on", None, date(2011, 3, 5)) == Q() & Q(on__lte=date(2011, 3, 5))


def _form(query: str) -> ListFilterForm:
    return ListFilterForm(
        QueryDict(query), search_label="搜索", choices={"status": ("状态", [("a", "甲")])}, dates="日期"
    )


def test_a_bad_value_is_dropped_and_shown_the_rest_is_kept():
    form = _form("q=+%E5%BC%A0+&status=zzz&start=2011-03-01")
    assert form.filter.q == "张"
    assert form.filter.get("status") == ""
    assert form.filter.start == date(2011, 3, 1)
    assert "status" in form.errors


def test_a_reversed_range_is_dropped_whole():
    form = _form("start=2011-03-09&end=2011-03-01&status=a")
    assert (form.filter.start, form.filter.end) == (None, None)
    assert form.filter.get("status") == "a"
    assert form.errors["end"] == ["结束日期不能早于开始日期。"]
    assert not _form("").filter.active


def test_a_unit_filter_finds_its_subtree_among_the_offered_units_only(tree, personas):
    from chuangxian.orgs.models import Member, Unit

    offered = Unit.objects.filter(tenant_id=tree.tenant.pk, path__startswith=tree.college.path)
    members = Member.objects.filter(tenant_id=tree.tenant.pk)
    assert subtree_q("unit__path", offered, None) == Q()
    found = members.filter(subtree_q("unit__path", offered, tree.college.pk))
    assert found.exists()
    assert all(m.unit.path.startswith(tree.college.path) for m in found.select_related("unit"))
    assert not members.filter(subtree_q("unit__path", offered, tree.root.pk)).exists()

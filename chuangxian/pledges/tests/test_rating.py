from decimal import Decimal

import pytest

from chuangxian.core.errors import Refused
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.pledges.models import Pledge, PledgeStatus, RaterKind
from chuangxian.pledges.rating import (
    pledge_rate,
    pledge_rating_config_set,
    pledge_rating_finalize,
    rater_kind_for,
)
from chuangxian.pledges.services import (
    PledgeError,
    pledge_report_submit,
    pledge_review,
    pledge_submit,
)
from chuangxian.pledges.tests.conftest import CONTENT

pytestmark = pytest.mark.usefixtures("phase2")


def _reported(member, user, campaign, reviewer):
    pledge = pledge_submit(member=member, campaign=campaign, content=CONTENT, actor=user)
    pledge_review(pledge=pledge, approve=True, actor=reviewer)
    pledge_report_submit(pledge=pledge, text="已兑现", actor=user)
    pledge.refresh_from_db()
    return pledge


@pytest.fixture
def colleagues(tree):
    """Three members of the 中文系工会小组 with logins."""
    rows = MemberFactory.create_batch(3, unit=tree.group)
    return [(m, make_user(m)) for m in rows]


def test_rater_kinds(personas, campaign, colleagues):
    pledge = _reported(personas.member_row, personas.member, campaign, personas.chair)
    assert rater_kind_for(personas.member, pledge) == RaterKind.SELF
    assert rater_kind_for(colleagues[0][1], pledge) == RaterKind.PEER
    assert rater_kind_for(personas.chair, pledge) == RaterKind.LEADER
    assert rater_kind_for(personas.office, pledge) == RaterKind.ORG
    assert rater_kind_for(personas.sibling_chair, pledge) is None
    assert rater_kind_for(personas.other_office, pledge) is None


def test_rating_before_report_is_refused(personas, submitted):
    with pytest.raises(PledgeError) as error:
        pledge_rate(pledge=submitted, grade="优秀", actor=personas.member)
    assert error.value.code == "not_reported"


def test_bad_grade_and_outsider_are_refused(personas, campaign):
    pledge = _reported(personas.member_row, personas.member, campaign, personas.chair)
    with pytest.raises(PledgeError) as error:
        pledge_rate(pledge=pledge, grade="良好", actor=personas.member)
    assert error.value.code == "bad_grade" and "优秀" in error.value.message
    with pytest.raises(Refused) as error:
        pledge_rate(pledge=pledge, grade="优秀", actor=personas.sibling_chair)
    assert error.value.code == "not_rater"


def test_weighted_final_grade(personas, campaign, colleagues):
    pledge = _reported(personas.member_row, personas.member, campaign, personas.chair)
    pledge_rate(pledge=pledge, grade="优秀", actor=personas.member)  # 95 × 10
    pledge_rate(pledge=pledge, grade="合格", actor=colleagues[0][1])  # peers mean 87.5 × 20
    pledge_rate(pledge=pledge, grade="优秀", actor=colleagues[1][1])
    pledge_rate(pledge=pledge, grade="合格", actor=personas.chair)  # 80 × 30
    pledge_rate(pledge=pledge, grade="合格", actor=personas.office)  # 80 × 40
    pledge_rate(pledge=pledge, grade="基本合格", actor=personas.office)  # changed: 65 × 40
    pledge_rating_finalize(unit=pledge.unit, campaign=campaign, actor=personas.office)
    pledge.refresh_from_db()
    # (950 + 1750 + 2400 + 2600) / 100 = 77.00 → nearest grade 合格 (80)
    assert pledge.final_score == Decimal("77.00")
    assert pledge.final_grade == "合格"
    assert pledge.status == PledgeStatus.RATED


def test_best_grade_is_capped_at_one_third_of_the_unit(tree, personas, campaign, colleagues):
    pledges = [_reported(m, u, campaign, personas.chair) for m, u in colleagues]
    for pledge in pledges:
        pledge_rate(pledge=pledge, grade="优秀", actor=personas.office)
    finished = pledge_rating_finalize(unit=tree.group, campaign=campaign, actor=personas.office)
    assert len(finished) == 3
    grades = sorted(Pledge.objects.filter(unit=tree.group).values_list("final_grade", flat=True))
    assert grades.count("优秀") == 1 and grades.count("合格") == 2
    assert Pledge.objects.get(pk=pledges[0].pk).final_grade == "优秀"  # equal scores: first submitted


def test_only_the_office_finalises(tree, personas, campaign):
    _reported(personas.member_row, personas.member, campaign, personas.chair)
    with pytest.raises(Refused) as error:
        pledge_rating_finalize(unit=tree.group, campaign=campaign, actor=personas.chair)
    assert error.value.code == "not_office"


def test_finalise_without_ratings_is_refused(tree, personas, campaign):
    _reported(personas.member_row, personas.member, campaign, personas.chair)
    with pytest.raises(PledgeError) as error:
        pledge_rating_finalize(unit=tree.group, campaign=campaign, actor=personas.office)
    assert error.value.code == "nothing_to_rate"


def test_rated_pledge_cannot_be_rated_again(tree, personas, campaign):
    pledge = _reported(personas.member_row, personas.member, campaign, personas.chair)
    pledge_rate(pledge=pledge, grade="合格", actor=personas.office)
    pledge_rating_finalize(unit=tree.group, campaign=campaign, actor=personas.office)
    with pytest.raises(PledgeError) as error:
        pledge_rate(pledge=pledge, grade="优秀", actor=personas.member)
    assert error.value.code == "not_reported"


def test_configurable_scale_weights_and_share(tree, personas, campaign, colleagues):
    pledge_rating_config_set(
        campaign=campaign,
        scale=[("优秀", 90), ("良好", 80), ("合格", 70), ("不合格", 0)],
        weights={"self": 0, "peer": 0, "leader": 0, "org": 1},
        top_share=(1, 1),
        actor=personas.office,
    )
    pledges = [_reported(m, u, campaign, personas.chair) for m, u in colleagues]
    for pledge in pledges:
        pledge_rate(pledge=pledge, grade="优秀", actor=personas.office)
        pledge_rate(pledge=pledge, grade="不合格", actor=pledge.member.user)  # weight 0: ignored
    pledge_rating_finalize(unit=tree.group, campaign=campaign, actor=personas.office)
    assert set(Pledge.objects.filter(unit=tree.group).values_list("final_grade", flat=True)) == {"优秀"}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"scale": [("优秀", 60), ("合格", 80)]}, "bad_scale"),
        ({"weights": {"self": 1}}, "bad_weights"),
        ({"top_share": (2, 1)}, "bad_share"),
    ],
)
def test_bad_rating_config_is_refused(personas, campaign, kwargs, code):
    args = {
        "scale": [("优秀", 95), ("合格", 80)],
        "weights": {"self": 1, "peer": 1, "leader": 1, "org": 1},
        "top_share": (1, 3),
        **kwargs,
    }
    with pytest.raises(PledgeError) as error:
        pledge_rating_config_set(campaign=campaign, actor=personas.office, **args)
    assert error.value.code == code


def test_chair_cannot_configure_rating(personas, campaign):
    with pytest.raises(Refused) as error:
        pledge_rating_config_set(
            campaign=campaign,
            scale=[("优秀", 95), ("合格", 80)],
            weights={"self": 1, "peer": 1, "leader": 1, "org": 1},
            top_share=(1, 3),
            actor=personas.chair,
        )
    assert error.value.code == "not_office"


def test_office_finalises_from_the_college_queue_page(client, tree, personas, campaign, colleagues):
    from django.urls import reverse

    pledges = [_reported(m, u, campaign, personas.chair) for m, u in colleagues]
    client.force_login(colleagues[0][1])
    response = client.post(reverse("pledges:rate", args=[pledges[1].pk]), {"grade": "优秀"})
    assert response.status_code == 302
    client.force_login(personas.office)
    page = client.get(reverse("pledges:detail", args=[pledges[0].pk])).content.decode()
    assert "组织评定" in page
    client.post(reverse("pledges:rate", args=[pledges[0].pk]), {"grade": "合格"})
    response = client.post(reverse("pledges:finalize", args=[tree.college.pk]))
    assert response.status_code == 302
    assert Pledge.objects.filter(status=PledgeStatus.RATED).count() == 2
    page = client.get(reverse("pledges:detail", args=[pledges[1].pk])).content.decode()
    assert "评诺结果" in page and "优秀" in page


def test_chair_cannot_finalise_through_the_page(client, tree, personas, campaign):
    from django.urls import reverse

    pledge = _reported(personas.member_row, personas.member, campaign, personas.chair)
    pledge_rate(pledge=pledge, grade="合格", actor=personas.chair)
    client.force_login(personas.chair)
    client.post(reverse("pledges:finalize", args=[tree.college.pk]))
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.REPORTED


def test_office_sets_rating_rules_on_the_settings_page(client, personas, campaign):
    from django.urls import reverse

    from chuangxian.pledges.rating import rating_config

    url = reverse("pledges:rating_settings")
    client.force_login(personas.office)
    assert "优秀 95" in client.get(url).content.decode()
    data = {
        "scale": "优秀 90\n良好 80\n合格 60",
        "weight_self": 0,
        "weight_peer": 0,
        "weight_leader": 50,
        "weight_org": 50,
        "top_share_num": 1,
        "top_share_den": 4,
    }
    assert client.post(url, data).status_code == 302
    config = rating_config(campaign)
    assert config.scale == [["优秀", 90], ["良好", 80], ["合格", 60]] and config.top_share_den == 4
    response = client.post(url, {**data, "scale": "优秀\n合格 60"})
    assert "第 1 行格式不对" in response.content.decode()
    response = client.post(url, {**data, "scale": "合格 60\n优秀 90"})
    assert "从高到低" in response.content.decode()
    assert rating_config(campaign).scale[0] == ["优秀", 90]


@pytest.mark.parametrize("who", ["chair", "member", "other_office"])
def test_rating_settings_are_office_only(client, personas, campaign, who):
    from django.urls import reverse

    client.force_login(getattr(personas, who))
    assert client.get(reverse("pledges:rating_settings")).status_code == 404


def test_reading_the_rules_writes_nothing(client, tree, personas, campaign):
    """Pages that show the grades read the defaults until the office saves its own rules."""
    from django.urls import reverse

    from chuangxian.pledges.models import PledgeRatingConfig

    pledge = _reported(personas.member_row, personas.member, campaign, personas.chair)
    client.force_login(personas.chair)
    assert "优秀" in client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    client.force_login(personas.office)
    assert "优秀 95" in client.get(reverse("pledges:rating_settings")).content.decode()
    assert not PledgeRatingConfig.objects.filter(campaign=campaign).exists()

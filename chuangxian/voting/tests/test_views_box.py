"""The sealed ballot box from the web: the poll form's choice of secrecy, the scrutineers collecting
their shares (shown once, never cached) and opening the box together after the close, and the
poll page's box panel."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.voting import sealing, services
from chuangxian.voting.models import KeyShare, Poll, PollStatus, QuestionMethod
from chuangxian.voting.tests.conftest import opened, poll_created, poll_data

pytestmark = pytest.mark.django_db

VOTING = "2011-05-10 09:00 +0800"
COUNTING = "2011-05-12 18:30 +0800"


@pytest.fixture
def boxed(tree, personas, voters):
    """An open sealed poll of the college whose three scrutineers (the ``voters``) hold the key."""
    poll = poll_created(tree.college, poll_data(tree, scrutineers=[m for _u, m in voters]), personas.chair)
    services.question_add(
        poll=poll,
        data=services.QuestionData(text="同意本单位工作报告", method=QuestionMethod.YES_NO),
        actor=personas.chair,
    )
    return opened(poll, personas.chair)


def _show(client, poll, user):
    client.force_login(user)
    with time_machine.travel(VOTING, tick=False):
        response = client.post(reverse("voting:share", args=[poll.pk]), {"step": "show"})
    assert response.status_code == 200
    return response


def _collect(client, poll, user):
    """Show the share, then type it back to confirm the copy; the showing page."""
    response = _show(client, poll, user)
    with time_machine.travel(VOTING, tick=False):
        confirmed = client.post(
            reverse("voting:share", args=[poll.pk]), {"step": "confirm", "code": response.context["code"]}
        )
    assert confirmed.status_code == 302
    return response


def _closed(poll, personas):
    with time_machine.travel(COUNTING, tick=False):
        return services.poll_close(poll=poll, actor=personas.chair)


# --- the poll form ------------------------------------------------------------------------------


def _form(tree, voters, **changes):
    return {
        "title": "工作报告表决",
        "purpose": "resolution",
        "opens_at": "2011-05-10T08:00",
        "closes_at": "2011-05-10T18:00",
        "secrecy": "sealed",
        "mode": "online",
        "electorate_kind": "units",
        "electorate_units": [tree.college.pk],
        "quorum_num": "1",
        "quorum_den": "2",
        "majority_base": "cast_half",
        "tie_rule": "runoff",
        "scrutineers": " ".join(m.staff_no for _u, m in voters),
        "tellers": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("secrecy", "threshold", "stored"),
    [
        ("sealed", "", (True, "sealed", None)),
        ("sealed", "3", (True, "sealed", 3)),
        ("plain", "3", (True, "plain", None)),
        ("named", "", (False, "sealed", None)),
    ],
)
def test_the_form_maps_its_secrecy_choice_onto_the_poll(
    client, tree, personas, voters, secrecy, threshold, stored
):
    client.force_login(personas.chair)
    data = _form(tree, voters, secrecy=secrecy, key_threshold=threshold)
    response = client.post(reverse("voting:create", args=[tree.college.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get(title="工作报告表决")
    assert (poll.secret, poll.ballot_box, poll.key_threshold) == stored
    edit = client.get(reverse("voting:edit", args=[poll.pk])).context["form"]
    assert edit["secrecy"].value() == secrecy


def test_the_form_defaults_to_the_sealed_box_and_explains_the_choices(client, tree, personas):
    client.force_login(personas.chair)
    response = client.get(reverse("voting:create", args=[tree.college.pk]))
    assert response.context["form"]["secrecy"].value() == "sealed"
    page = response.content.decode()
    for words in (
        "保密方式",
        "无记名·密封票箱",
        "无记名·公开回执",
        "记名投票",
        "只用于低风险",
        "开箱所需监票人数",
        "过半数且至少 2 人",
    ):
        assert words in page, words


def test_a_threshold_above_the_scrutineers_is_shown_on_its_field(client, tree, personas, voters):
    client.force_login(personas.chair)
    response = client.post(
        reverse("voting:create", args=[tree.college.pk]), _form(tree, voters, key_threshold="4")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["key_threshold"] == [
        "开箱所需监票人数应在 2 到监票人数（3）之间。"
    ]
    assert not Poll.objects.filter(title="工作报告表决").exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "选票密封保存，开箱前任何人（包括管理员）都看不到内容"),
        ({"ballot_box": "plain"}, "凭回执可在选票清单中查到所投内容"),
        ({"secret": False}, "本次为记名投票"),
    ],
)
def test_the_poll_and_ballot_pages_state_the_mode(client, tree, personas, voters, fields, words):
    poll = poll_created(tree.college, poll_data(tree, **fields), personas.chair)
    services.question_add(
        poll=poll, data=services.QuestionData(text="同意", method=QuestionMethod.YES_NO), actor=personas.chair
    )
    poll = opened(poll, personas.chair)
    client.force_login(voters[0][0])
    with time_machine.travel(VOTING, tick=False):
        for name in ("voting:detail", "voting:vote"):
            assert words in client.get(reverse(name, args=[poll.pk])).content.decode(), name


# --- collecting a share -------------------------------------------------------------------------


def test_a_scrutineer_sees_their_share_until_they_confirm_their_copy_never_cached(client, boxed, voters):
    user, member = voters[0]
    url = reverse("voting:share", args=[boxed.pk])
    client.force_login(user)
    with time_machine.travel(VOTING, tick=False):
        before = client.get(url)
    assert "no-store" in before["Cache-Control"]
    assert (
        "输入一遍确认" in before.content.decode() and 'data-testid="share-collect"' in before.content.decode()
    )
    shown = _show(client, boxed, user)
    assert "no-store" in shown["Cache-Control"]
    code = shown.context["code"]
    page = shown.content.decode()
    assert len(code.split("-")) == 8 and all(group in page for group in code.split("-"))
    assert sealing.share_parse(code)[0] == KeyShare.objects.get(member=member).index
    # The QR code is the box page's address with the share in its fragment, never in a query.
    assert 'data-testid="share-qr"' in page and 'src="data:image/svg+xml' in page
    assert 'data-testid="share-confirm"' in page
    assert KeyShare.objects.get(member=member).pending is not None  # kept until the copy is confirmed
    with time_machine.travel(VOTING, tick=False):
        # A well-formed code that is not this share (a wrong group copied): named, and shown again.
        miscopied = sealing.share_code(sealing.share_parse(code)[0], bytes(16))
        wrong = client.post(url, {"step": "confirm", "code": miscopied})
        assert wrong.status_code == 200 and wrong.context["code"] == code
        assert "您输入的与显示的分片不一致" in wrong.content.decode()
        assert KeyShare.objects.get(member=member).pending is not None
        done = client.post(url, {"step": "confirm", "code": code}, follow=True).content.decode()
    assert "已确认您抄写的分片无误" in done and code not in done
    assert KeyShare.objects.get(member=member).pending is None  # the only stored copy is gone
    with time_machine.travel(VOTING, tick=False):
        again = client.get(url).content.decode()
        assert 'data-testid="share-collected"' in again and code not in again
        second = client.post(url, {"step": "show"}, follow=True).content.decode()
    assert "确认抄好密钥分片，系统不再保存它，不能再次显示" in second and code not in second


def test_the_qr_code_carries_the_box_address_with_the_share_in_its_fragment(
    client, boxed, voters, monkeypatch
):
    made = []
    import segno

    real = segno.make
    monkeypatch.setattr(segno, "make", lambda content, **kw: made.append(content) or real(content, **kw))
    shown = _collect(client, boxed, voters[0][0])
    assert made == [f"http://testserver/voting/{boxed.pk}/box/#share={shown.context['code']}"]


@pytest.mark.parametrize("who", ["chair", "member", "sibling_chair", "other_office"])
def test_only_a_scrutineer_of_the_poll_reaches_the_share_and_box_pages(client, boxed, personas, who):
    client.force_login(getattr(personas, who))
    with time_machine.travel(VOTING, tick=False):
        for name in ("voting:share", "voting:box"):
            assert client.get(reverse(name, args=[boxed.pk])).status_code == 404, name
            assert client.post(reverse(name, args=[boxed.pk]), {"code": "x"}).status_code == 404, name
    assert KeyShare.objects.filter(pending__isnull=True).count() == 0


def test_a_box_kept_with_the_instance_key_has_no_share_pages(client, personas, poll, voters):
    poll = opened(poll, personas.chair)  # one scrutineer: the instance key keeps the box
    client.force_login(voters[0][0])
    with time_machine.travel(VOTING, tick=False):
        assert client.get(reverse("voting:share", args=[poll.pk])).status_code == 404
        page = client.get(reverse("voting:detail", args=[poll.pk])).content.decode()
    assert "服务器实例密钥（较弱）" in page and 'data-testid="collect-share"' not in page


# --- opening the box ----------------------------------------------------------------------------


def test_the_scrutineers_open_the_box_from_the_web(client, boxed, personas, voters):
    codes = [_collect(client, boxed, user).context["code"] for user, _m in voters]
    with time_machine.travel(VOTING, tick=False):
        for user, member in voters:
            q = boxed.questions.get()
            services.ballot_cast(poll=boxed, member=member, answers={q.pk: "yes"}, blank=False, actor=user)
    first, second = voters[0][0], voters[1][0]
    client.force_login(first)
    url = reverse("voting:box", args=[boxed.pk])
    with time_machine.travel(VOTING, tick=False):
        early = client.get(url).content.decode()
    assert 'data-testid="box-not-closed"' in early and 'name="code"' not in early
    _closed(boxed, personas)
    with time_machine.travel(COUNTING, tick=False):
        form = client.get(url)
        assert "no-store" in form["Cache-Control"]
        field = form.content.decode()
        assert 'autocomplete="off"' in field and 'autocapitalize="characters"' in field
        assert "js/voting-share.js" in field
        wrong = client.post(url, {"code": codes[1]})  # another scrutineer's genuine share
        assert wrong.context["form"].errors["code"] == [
            "这不是您在本次投票领取的密钥分片（与系统保存的校验值不符）。请核对您抄写或保存的分片。"
        ]
        garbled = client.post(url, {"code": codes[0][:-1] + ("0" if codes[0][-1] != "0" else "1")})
        assert "分片格式不正确" in garbled.context["form"].errors["code"][0]
        done = client.post(url, {"code": codes[0].lower().replace("-", " ")}, follow=True).content.decode()
        assert "已提交 1 位，还需 1 位监票人" in done and 'data-testid="box-submitted"' in done
        assert voters[0][1].name in done and codes[0] not in done
        client.force_login(personas.chair)
        panel = client.get(reverse("voting:detail", args=[boxed.pk])).content.decode()
        assert "等待监票人开箱（还需 1 位）" in panel and f'action="/voting/{boxed.pk}/tally/"' not in panel
        client.force_login(second)
        opened_page = client.post(url, {"code": codes[1]}, follow=True).content.decode()
    assert "票箱已开启" in opened_page and 'data-testid="box-open"' in opened_page
    assert f'href="/voting/{boxed.pk}/"' in opened_page
    boxed.refresh_from_db()
    assert boxed.status == PollStatus.TALLIED and boxed.box.wrapped_key is None
    assert not KeyShare.objects.filter(submitted__isnull=False).exists()


def test_the_box_panel_shows_the_organiser_who_collected_and_the_scrutineer_what_to_do(
    client, boxed, personas, voters
):
    _collect(client, boxed, voters[0][0])
    detail = reverse("voting:detail", args=[boxed.pk])
    client.force_login(personas.chair)
    with time_machine.travel(VOTING, tick=False):
        page = client.get(detail).content.decode()
    assert "监票人分持" in page and "开箱须 2 位监票人提交分片（共 3 位监票人）" in page
    assert f"已领取分片 1/3：{voters[0][1].name}" in page
    assert "未领取：投票人丙、投票人乙" in page  # by name
    assert 'data-testid="collect-share"' not in page  # the organiser holds no share
    client.force_login(voters[1][0])
    with time_machine.travel(VOTING, tick=False):
        page = client.get(detail).content.decode()
    assert f'href="/voting/{boxed.pk}/share/"' in page and 'data-testid="open-box"' not in page
    _closed(boxed, personas)
    client.force_login(voters[0][0])
    with time_machine.travel(COUNTING, tick=False):
        page = client.get(detail).content.decode()
    assert f'href="/voting/{boxed.pk}/box/"' in page and "已提交 0/2，还需 2 位" in page
    client.force_login(personas.chair)
    with time_machine.travel(COUNTING, tick=False):
        page = client.get(detail).content.decode()
    assert "等待监票人开箱（还需 2 位）" in page


def test_the_poll_page_reads_the_box_in_a_fixed_number_of_queries(client, tree, personas, voters):
    from chuangxian.orgs.tests.factories import MemberFactory

    few = poll_created(tree.college, poll_data(tree, scrutineers=[m for _u, m in voters[:2]]), personas.chair)
    many_members = MemberFactory.create_batch(9, unit=tree.college)
    many = poll_created(
        tree.college, poll_data(tree, title="多监票人", scrutineers=many_members), personas.chair
    )
    counts = []
    for poll in (few, many):
        services.question_add(
            poll=poll,
            data=services.QuestionData(text="同意", method=QuestionMethod.YES_NO),
            actor=personas.chair,
        )
        opened(poll, personas.chair)
        client.force_login(personas.chair)
        with time_machine.travel(VOTING, tick=False), CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("voting:detail", args=[poll.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]

"""The poll form reports every error in one round: the window rule runs in the form as well."""

from chuangxian.voting.forms import PollForm


def _form(**changes):
    data = {
        "title": "教代会代表选举",
        "purpose": "other",
        "opens_at": "2026-12-10T10:00",
        "closes_at": "2026-12-20T10:00",
        "secrecy": "sealed",
        "mode": "online",
        "electorate_kind": "tenant",
        "quorum_num": "2",
        "quorum_den": "3",
        "majority_base": "cast_half",
        "tie_rule": "runoff",
        **changes,
    }
    return PollForm(data, units=[], tenant_id=0)


def test_a_close_before_the_open_is_shown_with_a_missing_title():
    form = _form(title="", closes_at="2026-12-05T10:00")
    assert not form.is_valid()
    assert form.errors["title"]
    assert form.errors["closes_at"] == ["截止时间必须晚于开始时间。"]
    assert form.has_error("closes_at", code="bad_window")


def test_a_close_after_the_open_passes_the_form():
    form = _form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes_at"] > form.cleaned_data["opens_at"]

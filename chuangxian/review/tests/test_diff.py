from types import SimpleNamespace

from chuangxian.review.diff import compare_pair, fields_diff, text_diff


def test_text_diff_marks_insertions_and_deletions():
    segments = text_diff("每月一次学习会", "每月两次学习会并交流")
    assert ("delete", "一") in segments
    assert ("insert", "两") in segments
    assert ("insert", "并交流") in segments
    assert "".join(t for op, t in segments if op != "insert") == "每月一次学习会"
    assert "".join(t for op, t in segments if op != "delete") == "每月两次学习会并交流"


def test_text_diff_folds_a_stray_matching_character_into_the_change():
    segments = text_diff("每月一次学习会", "每月第一周周三下午学习会")
    assert segments == [
        ("equal", "每月"),
        ("delete", "一次"),
        ("insert", "第一周周三下午"),
        ("equal", "学习会"),
    ]


def test_text_diff_of_identical_and_empty_texts():
    assert text_diff("相同", "相同") == [("equal", "相同")]
    assert text_diff("", "新") == [("insert", "新")]
    assert text_diff("旧", "") == [("delete", "旧")]


def test_fields_diff_matches_fields_by_label_and_keeps_their_order():
    old = [["承诺内容", "每周答疑一次"], ["检验标准", "学生评价"]]
    new = [["承诺内容", "每周答疑两次"], ["完成时限", "2011-06-30"], ["检验标准", "学生评价"]]
    diff = fields_diff(old, new)
    assert [f.label for f in diff] == ["承诺内容", "检验标准", "完成时限"]
    by_label = {f.label: f for f in diff}
    assert by_label["承诺内容"].changed and ("insert", "两") in by_label["承诺内容"].segments
    assert not by_label["检验标准"].changed
    assert by_label["完成时限"].segments == [("insert", "2011-06-30")]


def test_compare_pair_takes_the_asked_versions_or_the_last_two():
    versions = [SimpleNamespace(number=n) for n in (1, 2, 3)]
    assert compare_pair(versions, {}) == (versions[1], versions[2])
    assert compare_pair(versions, {"a": "1", "b": "3"}) == (versions[0], versions[2])
    assert compare_pair(versions, {"a": "1", "b": "9"}) == (versions[0], None)
    assert compare_pair(versions[:1], {}) == (None, None)
    assert compare_pair(versions, {"a": "x", "b": "1"}) == (versions[1], versions[2])

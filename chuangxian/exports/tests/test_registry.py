import pytest

from chuangxian.exports.registry import Exporter, exporter, register, registered


def test_the_apps_register_their_exports():
    names = {e.name for e in registered()}
    assert {"pledges.wall", "coverage.unit", "voting.result"} <= names
    for found in registered():
        assert found.label and found.formats
        assert exporter(found.name) is found


def test_a_bad_exporter_is_refused_at_start():
    class Nameless(Exporter):
        label = "无名"

    class OddFormat(Exporter):
        name = "tests.odd"
        label = "奇怪的格式"
        formats = ("xls",)

    class Twin(Exporter):
        name = "pledges.wall"
        label = "重名"

    for bad, why in ((Nameless, "needs a name"), (OddFormat, "unknown formats"), (Twin, "two exporters")):
        with pytest.raises(ValueError, match=why):
            register(bad())
    assert exporter("tests.odd") is None

"""The label lookups are remembered, and forgotten when labels are registered."""

import pytest
from django.utils import translation
from django.utils.functional import lazy

from chuangxian.audit import labels


@pytest.fixture
def scratch_prefix():
    yield "zz_test.thing"
    labels._keys.pop("zz_test.thing", None)
    labels._values.pop("zz_test.thing", None)
    labels._forget()


def test_a_label_registered_after_a_lookup_is_seen(scratch_prefix):
    assert labels.key_label("zz_test.thing.done", "colour") == "colour"
    assert labels.value_label("zz_test.thing.done", "colour", "red") == "red"
    labels.register_keys({"colour": "颜色"}, action=scratch_prefix)
    labels.register_values("colour", {"red": "红色"}, action=scratch_prefix)
    assert labels.key_label("zz_test.thing.done", "colour") == "颜色"
    assert labels.value_label("zz_test.thing.done", "colour", "red") == "红色"


def test_a_lazy_label_is_translated_at_each_lookup(scratch_prefix):
    """What is remembered is the label, not its text in the language of the first page that asked."""
    in_language = lazy(translation.get_language, str)()
    labels.register_keys({"colour": in_language}, action=scratch_prefix)
    with translation.override("en"):
        assert labels.key_label("zz_test.thing.done", "colour") == "en"
    with translation.override("zh-hans"):
        assert labels.key_label("zz_test.thing.done", "colour") == "zh-hans"

"""The poll's audit entries read in Chinese: keys the audit-label walk cannot see (built by a helper)."""

import pytest

from chuangxian.audit.labels import key_label


@pytest.mark.parametrize(
    ("action", "key", "label"),
    [
        ("voting.poll.created", "scrutineers", "监票人"),
        ("voting.poll.created", "tellers", "计票人"),
        ("voting.poll.updated", "scrutineers", "监票人"),
        ("voting.poll.updated", "tellers", "计票人"),
        ("voting.poll.created", "electorate_units", "投票单位"),
    ],
)
def test_poll_officer_keys_of_the_audit_entry_have_chinese_labels(action, key, label):
    assert key_label(action, key) == label

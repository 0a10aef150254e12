import pytest

from chuangxian.congress.tests.factories import make_congress


@pytest.fixture
def school_congress(tree):  # type: ignore[no-untyped-def]
    return make_congress(tree.root)


@pytest.fixture
def college_congress(tree):  # type: ignore[no-untyped-def]
    return make_congress(tree.college)

from chuangxian.core.scope import Scope, collapse_prefixes, lineage


def test_lineage_is_the_path_and_every_path_above_it_root_first():
    assert lineage("000100020003", 4) == ["0001", "00010002", "000100020003"]
    assert lineage("0001", 4) == ["0001"]
    assert lineage("", 4) == []


def test_collapse_prefixes_drops_paths_inside_a_shorter_one():
    assert collapse_prefixes(["00010002", "0001", "00030001"]) == ("0001", "00030001")


def test_scope_covers_its_subtrees_within_its_tenant():
    scope = Scope(tenant_id=1, prefixes=("00010002",))
    assert scope.covers(tenant_id=1, path="000100020005")
    assert not scope.covers(tenant_id=1, path="00010003")
    assert not scope.covers(tenant_id=2, path="000100020005")
    assert Scope.nothing().is_empty()

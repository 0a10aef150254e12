"""What ships in the ``chuangxian`` package is the application: test tools stay in tests."""

import ast
from pathlib import Path

import chuangxian

ROOT = Path(chuangxian.__file__).resolve().parent
TEST_TOOLS = {"pytest", "factory", "hypothesis", "playwright", "pytest_django"}


def test_no_shipped_module_imports_a_test_tool():
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or relative.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found += [f"{relative}: {n}" for n in names if n.split(".")[0] in TEST_TOOLS]
    assert found == []

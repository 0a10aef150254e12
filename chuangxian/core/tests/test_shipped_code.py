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


def _is_atomic(function: ast.FunctionDef) -> bool:
    if any("atomic" in ast.unparse(decorator) for decorator in function.decorator_list):
        return True
    return any(
        isinstance(node, ast.With) and any("atomic" in ast.unparse(item.context_expr) for item in node.items)
        for node in ast.walk(function)
    )


def test_every_service_that_locks_runs_in_a_transaction():
    """A row lock outside a transaction is a TransactionManagementError on PostgreSQL (and no lock at all
    on SQLite): a service that calls select_for_update must be atomic, or be called only by one that is
    (a private helper, named with a leading underscore)."""
    found = []
    for path in ROOT.glob("*/services.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and "select_for_update" in ast.unparse(node)
                and not _is_atomic(node)
            ):
                found.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert found == []

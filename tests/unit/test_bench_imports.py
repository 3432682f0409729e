"""make bench imports most of what it runs inside its functions, so a renamed name fails only when that
part runs, minutes in (scan_bench's `unpaced_sms` did). Every `from X import Y` in bench/ must resolve."""
import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
IMPORTS = sorted({(path.name, node.module, alias.name)
                  for path in BENCH.glob("*.py")
                  for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                  if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                  for alias in node.names})


def test_bench_has_function_level_imports_to_check():
    assert any(module.startswith("chalicelib") for _, module, _ in IMPORTS)


@pytest.mark.parametrize(("source", "module", "name"), IMPORTS)
def test_every_name_bench_imports_exists(source, module, name):
    imported = importlib.import_module(module)
    assert name == "*" or hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}"), \
        f"bench/{source}: from {module} import {name}"

"""Imports run downhill: the case domain knows no page above it, and no two packages of
eservices/ import each other (not even inside a function, where a cycle hides)."""

import ast
from collections import defaultdict
from pathlib import Path

ESERVICES = Path(__file__).resolve().parent.parent / "eservices"

# What the case domain must never import: the pages of handlers, residents and e-services,
# the integrations that push cases out, and the e-service catalogue (a case need not come
# from an e-service; its kind says what it is).
ABOVE_CASES = {"casework", "mypages", "submissions", "integrations", "catalogue"}


def package_imports(root):
    """{package: {imported package: [(file, line), ...]}} for the packages under ``root``.

    A package is a folder of ``root``; its modules' imports of another package count,
    wherever in the module they are, except under ``if TYPE_CHECKING:``.
    """
    name = root.name
    packages = {path.name for path in root.iterdir() if (path / "__init__.py").exists()}
    found = defaultdict(lambda: defaultdict(list))
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] not in packages:
            continue  # the application's own modules (create_app, cli, models) tie it together
        source = parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_nodes(tree):
            for module in _imported(node):
                bits = module.split(".")
                target = bits[1] if bits[0] == name and len(bits) > 1 else None
                if target in packages and target != source:
                    found[source][target].append((str(path.relative_to(root)), node.lineno))
    return found


def _runtime_nodes(tree):
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def _imported(node):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        # "from eservices import cases" imports the package cases.
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def mutual(imports):
    """Pairs of packages that import each other, each with where it happens."""
    return {
        (a, b): (imports[a][b][0], imports[b][a][0])
        for a in imports
        for b in imports[a]
        if a < b and a in imports.get(b, {})
    }


def test_the_case_domain_imports_no_package_above_it():
    imports = package_imports(ESERVICES)
    wrong = {target: imports["cases"][target] for target in ABOVE_CASES & set(imports["cases"])}
    assert not wrong, f"cases/ imports packages above it: {wrong}"


def test_no_two_packages_import_each_other():
    pairs = mutual(package_imports(ESERVICES))
    assert not pairs, f"packages that import each other (first import of each side): {pairs}"


def test_the_walk_finds_imports_hidden_in_functions(tmp_path):
    root = tmp_path / "app"
    for package, source in {
        "lower": "def f():\n    from app.higher import views\n",
        "higher": "from app import lower\n",
        "typed": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app.lower\n",
    }.items():
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
        (root / package / "mod.py").write_text(source)
    imports = package_imports(root)
    assert set(imports["typed"]) == set()
    assert mutual(imports) == {
        ("higher", "lower"): (("higher/mod.py", 1), ("lower/mod.py", 2)),
    }

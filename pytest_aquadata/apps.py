"""``with_aquadata_apps``: a project's INSTALLED_APPS plus only the apps it lacks.

Used in settings files, so it imports no Django: app labels are read from the entries
themselves and, where an AppConfig declares its own ``label``, from the source of its module
(parsed, never imported — a settings file runs before the app registry exists).
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterable
from pathlib import Path

from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS


def with_aquadata_apps(installed: Iterable[str]) -> list[str]:
    """``installed`` in its order, then each app of ``REQUIRED_APPS`` and ``BUNDLED_APPS``
    whose label it does not already have (Django refuses two apps with one label)."""
    result = list(installed)
    labels = {app_label(entry) for entry in result}
    for entry in (*REQUIRED_APPS, *BUNDLED_APPS):
        label = app_label(entry)
        if label not in labels:
            result.append(entry)
            labels.add(label)
    return result


def app_label(entry: str) -> str:
    """The label Django gives an INSTALLED_APPS entry: an app module path
    (``"django.contrib.auth"``) or an AppConfig path (``"django.contrib.auth.apps.AuthConfig"``)."""
    module, _, last = entry.rpartition(".")
    if module and last[:1].isupper():  # an AppConfig class path
        declared = _declared_label(module, last)
        if declared is not None:
            return declared
        app_module = module.removesuffix(".apps") if module.endswith(".apps") else module
        return app_module.rpartition(".")[2]
    declared = _declared_label(f"{entry}.apps", None)
    return declared if declared is not None else last


def _declared_label(module: str, class_name: str | None) -> str | None:
    """The ``label`` (or else the last part of ``name``) an AppConfig in ``module`` declares:
    the class ``class_name``, or the one Django picks by default (``default = True`` or the
    only subclass). None when the module or a literal declaration is not found."""
    source = _source(module)
    if source is None:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    configs = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(_base_name(base).endswith("AppConfig") for base in node.bases)
    ]
    if class_name is not None:
        configs = [node for node in configs if node.name == class_name]
    else:
        defaults = [node for node in configs if _literal(node, "default") is True]
        configs = defaults or configs
    if len(configs) != 1:
        return None
    label = _literal(configs[0], "label")
    if isinstance(label, str):
        return label
    name = _literal(configs[0], "name")
    return name.rpartition(".")[2] if isinstance(name, str) else None


def _source(module: str) -> str | None:
    """The source text of a module found on sys.path (its parent packages are imported to
    find it, the module itself is not)."""
    try:
        spec = importlib.util.find_spec(module)
    except Exception:  # a parent package that fails to import: fall back to the entry's name
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    try:
        return Path(spec.origin).read_text(encoding="utf-8")
    except OSError:
        return None


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _literal(cls: ast.ClassDef, attr: str) -> object:
    """The literal value assigned to ``attr`` in the class body (None if absent or computed)."""
    for node in cls.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == attr for t in node.targets)
        ) or (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == attr
            and node.value is not None
        ):
            try:
                return ast.literal_eval(node.value)  # type: ignore[arg-type]
            except (ValueError, TypeError, SyntaxError):
                return None
    return None

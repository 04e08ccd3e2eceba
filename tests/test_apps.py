"""with_aquadata_apps: the project's apps in order, plus only the aquadata apps it lacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pytest_aquadata.apps import app_label, with_aquadata_apps
from pytest_aquadata.domain import APP_LABELS, BUNDLED_APPS, REQUIRED_APPS

STARTPROJECT_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]


def test_startproject_list_keeps_its_order_and_gains_only_what_it_lacks() -> None:
    apps = with_aquadata_apps(STARTPROJECT_APPS)
    assert apps[: len(STARTPROJECT_APPS)] == STARTPROJECT_APPS
    assert apps[len(STARTPROJECT_APPS) :] == ["simple_history", *BUNDLED_APPS]
    labels = [app_label(entry) for entry in apps]
    assert len(labels) == len(set(labels))


def test_empty_list_gets_every_required_and_bundled_app() -> None:
    assert with_aquadata_apps([]) == [*REQUIRED_APPS, *BUNDLED_APPS]


def test_app_config_paths_count_by_their_label() -> None:
    apps = with_aquadata_apps(
        [
            "django.contrib.auth.apps.AuthConfig",
            "django.contrib.contenttypes.apps.ContentTypesConfig",
            "pytest_aquadata.domain.batch.apps.BatchConfig",
        ]
    )
    assert "django.contrib.auth" not in apps
    assert "django.contrib.contenttypes" not in apps
    assert "pytest_aquadata.domain.batch" not in apps
    assert apps.count("simple_history") == 1
    assert sorted(app_label(entry) for entry in apps) == sorted(
        {"auth", "contenttypes", "simple_history", *APP_LABELS}
    )


@pytest.mark.parametrize(
    ("entry", "label"),
    [
        ("django.contrib.auth", "auth"),
        ("django.contrib.auth.apps.AuthConfig", "auth"),
        ("django.contrib.admin.apps.SimpleAdminConfig", "admin"),
        ("simple_history", "simple_history"),
        ("pytest_aquadata.domain.finance_core", "finance_core"),
        ("not_installed_anywhere.farm", "farm"),
        ("not_installed_anywhere.farm.apps.FarmConfig", "farm"),
    ],
)
def test_app_label(entry: str, label: str) -> None:
    assert app_label(entry) == label


def test_a_host_app_config_with_its_own_label_replaces_the_bundled_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "hostproj" / "stock"
    package.mkdir(parents=True)
    (tmp_path / "hostproj" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(
        "from django.apps import AppConfig\n\n\n"
        "class StockConfig(AppConfig):\n"
        '    name = "hostproj.stock"\n'
        '    label = "batch"\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for entry in ("hostproj.stock", "hostproj.stock.apps.StockConfig"):
        apps = with_aquadata_apps([entry])
        assert "pytest_aquadata.domain.batch" not in apps
        assert "pytest_aquadata.domain.inventory" in apps


def test_importing_the_helper_imports_no_django() -> None:
    code = (
        "import sys; import pytest_aquadata.apps; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"

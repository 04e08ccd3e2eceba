"""Small shims so the bundled models and migrations load on Django 4.2 and 5.2 alike."""

from __future__ import annotations

import django
from django.db import models

# Django 5.1 renamed CheckConstraint(check=...) to condition=...; 4.2 only knows `check`.
_CHECK_KEYWORD = "condition" if django.VERSION >= (5, 1) else "check"


def check_constraint(condition: models.Q, name: str) -> models.CheckConstraint:
    """Build a CheckConstraint with the keyword the running Django version expects."""
    return models.CheckConstraint(name=name, **{_CHECK_KEYWORD: condition})

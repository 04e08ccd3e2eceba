"""Validation helpers shared by the bundled models."""

from __future__ import annotations

from django.db import models


def full_clean_without_queries(instance: models.Model) -> None:
    """Run full_clean() minus its queries: field validators (relations skipped), then clean()."""
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.clean_fields(exclude=relations)
    instance.clean()

"""Shared base for the domain factories: models by label, seeded randomness."""

from __future__ import annotations

import factory
import factory.random
from factory.django import DjangoModelFactory


class AquaFactory(DjangoModelFactory):
    """Base of every domain factory; subclasses set ``Meta.model = "app.Model"`` by label."""

    class Meta:
        abstract = True


def reseed(seed: int) -> None:
    """Seed factory_boy's random state and its Faker generator so output is reproducible."""
    factory.random.reseed_random(seed)

"""A factory base that accepts ``<relation>_id=<pk>`` keywords for its relations.

Lookups by natural key (``BuildContext.lookup("finance.DimCompany", geography_id=3,
subsidiary="FM")``) and users alike pass related rows by id; without this the factory would
still build its SubFactory for the relation and Django would refuse both ``geography`` and
``geography_id``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from factory import enums

from pytest_aquadata.factories.base import AquaFactory


def ids_to_objects(model: Any, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
    """Replace ``<fk>_id=<pk>`` by ``<fk>=<row>`` (fetched on create, a stub on build) for the
    model's forward relations the caller did not also pass as objects."""
    out = dict(params)
    for key, value in params.items():
        if not key.endswith("_id") or value is None:
            continue
        name = key[:-3]
        if name in params:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        related = field.related_model
        if strategy == enums.CREATE_STRATEGY:
            out[name] = related._default_manager.get(pk=value)
        else:
            out[name] = related(pk=value)
        del out[key]
    return out


class KeyedFactory(AquaFactory):
    """AquaFactory whose relations can be given by id; subclasses adjust the call's keywords
    in ``_prepare_params`` (called with the ids already turned into rows)."""

    class Meta:
        abstract = True

    @classmethod
    def _generate(cls, strategy: str, params: dict[str, Any]) -> Any:
        model = cls._meta.get_model_class()
        params = cls._prepare_params(strategy, ids_to_objects(model, strategy, params))
        return super()._generate(strategy, params)

    @classmethod
    def _prepare_params(cls, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
        """Hook: rewrite the call's keywords before the declarations are resolved."""
        return params

"""Columnar input to typed columns: names resolved, lengths checked, defaults filled, values converted.

Nothing here touches the database. ``prepare(model, data)`` turns a mapping of field name →
array (or scalar) into ``Rows``: one ``Column`` per database column in a canonical form
(``int64`` ids, scaled ``int64`` decimals, ``datetime64`` instants in UTC, Python objects for
text and JSON) that each writer encodes once for its backend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from pytest_aquadata import clock

#: A column's values: a numpy array or any sequence with one value per row, or one scalar
#: value that every row shares.
ArrayLike = Any

#: Decimal columns with at most this many digits are held as scaled ``int64``.
MAX_SCALED_DIGITS = 18

INT_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    }
)
TEXT_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "FilePathField",
        "FileField",
        "ImageField",
        "GenericIPAddressField",
        "IPAddressField",
    }
)
KIND_OF_TYPE = {
    **dict.fromkeys(INT_TYPES, "int"),
    **dict.fromkeys(TEXT_TYPES, "text"),
    "FloatField": "float",
    "DecimalField": "decimal",
    "BooleanField": "bool",
    "NullBooleanField": "bool",
    "DateTimeField": "datetime",
    "DateField": "date",
    "JSONField": "json",
}
#: Kinds whose canonical data is a numpy array of numbers or instants; the rest hold objects.
ARRAY_KINDS = frozenset({"int", "float", "decimal", "bool", "datetime", "date"})


@dataclass(eq=False)
class Column:
    """One field's values for every row (or one shared value) in canonical form."""

    field: models.Field
    kind: str
    data: np.ndarray
    nulls: np.ndarray | None = None
    constant: bool = False
    scale: int = 0

    def slice(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Values and null mask of rows lo..hi (the single value when constant)."""
        if self.constant:
            return self.data, self.nulls
        return self.data[lo:hi], None if self.nulls is None else self.nulls[lo:hi]


@dataclass(eq=False)
class Rows:
    """The columns of one table, ready to be written: every row has every column."""

    model: type[models.Model]
    n: int
    columns: list[Column]

    @property
    def table(self) -> str:
        """The database table the rows go to."""
        return self.model._meta.db_table

    def column(self, field: models.Field) -> Column | None:
        """The column of ``field``, or None when the database fills it."""
        for column in self.columns:
            if column.field is field:
                return column
        return None


def label(model: type[models.Model]) -> str:
    """The model's ``app_label.ModelName``, used in every error message."""
    return model._meta.label


def where(field: models.Field) -> str:
    """``app_label.Model.field`` for error messages."""
    return f"{label(field.model)}.{field.name}"


def kind_of(field: models.Field) -> str:
    """The canonical kind of a field's column; relations take their target's kind."""
    target = field
    while (
        target.is_relation and target.target_field is not None and target is not target.target_field
    ):
        target = target.target_field
    return KIND_OF_TYPE.get(target.get_internal_type(), "object")


def field_names(model: type[models.Model]) -> dict[str, models.Field]:
    """Every accepted column name (field name and attname, plus ``pk``) → concrete field."""
    names: dict[str, models.Field] = {}
    for field in model._meta.concrete_fields:
        names.setdefault(field.name, field)
        names.setdefault(field.attname, field)
    names.setdefault("pk", model._meta.pk)
    return names


def is_scalar(value: Any) -> bool:
    """True for one value shared by all rows; False for a sequence with a value per row."""
    if isinstance(value, np.ndarray):
        return value.ndim == 0
    if isinstance(value, (str, bytes, bytearray, Mapping)):
        return True
    return not hasattr(value, "__len__")


def resolve(
    model: type[models.Model], data: Mapping[str, ArrayLike], n: int | None = None
) -> tuple[dict[models.Field, ArrayLike], int]:
    """Map column names to fields and find the row count; ValueError names what is wrong."""
    names = field_names(model)
    given: dict[models.Field, ArrayLike] = {}
    spelled: dict[models.Field, str] = {}
    for name, values in data.items():
        field = names.get(name)
        if field is None:
            raise ValueError(_unknown(model, name))
        if field in given:
            raise ValueError(
                f"{label(model)}: column {field.name!r} given twice "
                f"(as {spelled[field]!r} and {name!r})"
            )
        given[field] = values
        spelled[field] = name
    lengths = {spelled[f]: len(v) for f, v in given.items() if not is_scalar(v)}
    if len(set(lengths.values())) > 1:
        sizes = ", ".join(f"{name}={size}" for name, size in lengths.items())
        raise ValueError(f"{label(model)}: columns differ in length: {sizes}")
    if lengths:
        rows = next(iter(lengths.values()))
        if n is not None and rows != n:
            raise ValueError(f"{label(model)}: columns have {rows} rows, expected {n}")
        n = rows
    if n is None:
        raise ValueError(
            f"{label(model)}: every column is a single value; give at least one column as a "
            "sequence so the row count is known"
        )
    return given, n


def _unknown(model: type[models.Model], name: str) -> str:
    """The error message for a column name the model does not have."""
    valid = sorted(
        {f.name for f in model._meta.concrete_fields}
        | {f.attname for f in model._meta.concrete_fields if f.attname != f.name}
    )
    hint = ""
    for field in model._meta.get_fields():
        if field.name == name and field.many_to_many:
            hint = " (a many-to-many field: load its through table instead)"
    return f"{label(model)} has no column {name!r}{hint}; valid names: {', '.join(valid)}"


def prepare(model: type[models.Model], data: Mapping[str, ArrayLike], n: int | None = None) -> Rows:
    """Resolve, convert and complete the caller's columns for ``model`` (no database access)."""
    given, n = resolve(model, data, n)
    converted = {field: convert(field, values) for field, values in given.items()}
    return complete(model, converted, n)


def complete(model: type[models.Model], given: dict[models.Field, Column], n: int) -> Rows:
    """Add a column for every field the caller left out, or raise naming the required ones."""
    columns: list[Column] = []
    missing: list[str] = []
    moment = clock.moment()  # the farm clock's now, for every auto_now field of a load
    now = (moment, moment.date())
    for field in model._meta.concrete_fields:
        column = given.get(field)
        if column is None:
            fill = _default(field, n, now)
            if fill is _MISSING:
                missing.append(field.name)
                continue
            if fill is _DATABASE:
                continue
            column = fill
        columns.append(column)
    if missing:
        given_names = ", ".join(f.name for f in given) or "none"
        raise ValueError(
            f"{label(model)} needs column(s) {', '.join(missing)} (NOT NULL without a default); "
            f"given: {given_names}"
        )
    return Rows(model, n, columns)


_MISSING = object()
_DATABASE = object()


def _default(field: models.Field, n: int, now: tuple[dt.datetime, dt.date]) -> Column | object:
    """The column for a field the caller omitted, ``_DATABASE`` or ``_MISSING``."""
    if field.primary_key and isinstance(field, models.fields.AutoFieldMixin):
        return _DATABASE  # the loader reserves keys, or the sequence fills them
    if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
        return _DATABASE
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        moment = now[0] if isinstance(field, models.DateTimeField) else now[1]
        return convert(field, moment, constant=True)
    if field.has_default():
        if callable(field.default) and (field.unique or field.primary_key):
            return convert(field, [field.get_default() for _ in range(n)])
        return convert(field, field.get_default(), constant=True)
    if field.null:
        return convert(field, None, constant=True)
    if field.blank and field.empty_strings_allowed and kind_of(field) == "text":
        return convert(field, "", constant=True)
    return _MISSING


def convert(field: models.Field, values: ArrayLike, *, constant: bool | None = None) -> Column:
    """Convert one column (a sequence with a value per row, or one scalar) to canonical form."""
    if constant is None:
        constant = is_scalar(values)
    if constant:
        values = [values]
    kind = kind_of(field)
    try:
        column = _CONVERTERS[kind](field, values)
    except (TypeError, ValueError, InvalidOperation, OverflowError) as error:
        raise ValueError(f"{where(field)}: cannot convert values to {kind}: {error}") from error
    column.constant = constant
    if column.nulls is not None:
        if not column.nulls.any():
            column.nulls = None
        elif not field.null:
            row = "every row" if constant else f"row {int(np.argmax(column.nulls))}"
            raise ValueError(f"{where(field)} is NOT NULL but {row} is null (None/NaN/NaT)")
    return column


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds, for readable messages."""
    return value.item() if isinstance(value, np.generic) else value


def _objects(values: ArrayLike) -> np.ndarray:
    """The values as a 1-D object array, each element kept whole (lists and dicts too)."""
    if isinstance(values, np.ndarray):
        return values.astype(object) if values.dtype != object else values
    return np.fromiter(iter(values), dtype=object, count=len(values))


#: Types whose values are never null (NaN or NaT): only ``None`` among them is.
_NEVER_NULL = frozenset({str, int, bool, dict, list, tuple, type(None)})


def _null_mask(objects: np.ndarray) -> np.ndarray:
    """True where an object value is None, NaN or NaT."""
    values = objects.tolist()
    if set(map(type, values)) <= _NEVER_NULL:  # the common case: text or ids, some None
        return np.array([v is None for v in values], dtype=bool)
    return np.fromiter(map(_is_null, values), dtype=bool, count=len(values))


def _is_null(value: Any) -> bool:
    """None, a float NaN, a Decimal NaN or a numpy NaT."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return value != value
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


def _numbers(values: ArrayLike) -> np.ndarray:
    """Values as a numpy array, numeric when numpy can tell, else objects."""
    if isinstance(values, np.ndarray):
        return values
    array = np.asarray(values)
    return array if array.ndim == 1 else _objects(values)


def _int(field: models.Field, values: ArrayLike) -> Column:
    """Integers and foreign keys: int64, None/NaN → NULL, model instances → their pk."""
    array = _numbers(values)
    if array.dtype.kind in "iu":
        return Column(field, "int", array.astype(np.int64, copy=False))
    if array.dtype.kind == "b":
        return Column(field, "int", array.astype(np.int64))
    if array.dtype.kind == "f":
        nulls = np.isnan(array)
        filled = np.where(nulls, 0.0, array)
        bad = filled != np.floor(filled)
        if bad.any():
            row = int(np.argmax(bad))
            raise ValueError(f"{_plain(array[row])!r} at row {row} is not an integer")
        return Column(field, "int", filled.astype(np.int64), nulls)
    objects = _objects(values)
    nulls = _null_mask(objects)
    out = np.zeros(len(objects), dtype=np.int64)
    for row, value in enumerate(objects):
        if nulls[row]:
            continue
        if isinstance(value, models.Model):
            value = value.pk
        number = int(value)
        if number != value:
            raise ValueError(f"{_plain(value)!r} at row {row} is not an integer")
        out[row] = number
    return Column(field, "int", out, nulls)


def _float(field: models.Field, values: ArrayLike) -> Column:
    """Floats: float64, None/NaN → NULL."""
    array = np.asarray(values, dtype=np.float64)
    return Column(field, "float", array, np.isnan(array))


def _decimal(field: models.Field, values: ArrayLike) -> Column:
    """Decimals rounded half-even to decimal_places; held as value × 10**places in int64."""
    places, digits = field.decimal_places, field.max_digits
    array = _numbers(values)
    if digits > MAX_SCALED_DIGITS:
        return _decimal_objects(field, values)
    limit = 10**digits
    if array.dtype.kind in "iub":
        scaled = array.astype(np.int64) * (10**places)
        nulls = None
    elif array.dtype.kind == "f":
        nulls = np.isnan(array)
        scaled_f = np.rint(np.where(nulls, 0.0, array) * (10.0**places))
        if not np.isfinite(scaled_f).all() or (np.abs(scaled_f) >= limit).any():
            raise _overflow(field, array, np.abs(scaled_f) >= limit)
        scaled = scaled_f.astype(np.int64)
    else:
        objects = _objects(values)
        nulls = _null_mask(objects)
        scaled = np.zeros(len(objects), dtype=np.int64)
        for row, value in enumerate(objects):
            if not nulls[row]:
                scaled[row] = _scaled(value, places)
    if (np.abs(scaled) >= limit).any():
        raise _overflow(field, array, np.abs(scaled) >= limit)
    return Column(field, "decimal", scaled, nulls, scale=places)


def _scaled(value: Any, places: int) -> int:
    """One value × 10**places, rounded half-even, as an int."""
    if isinstance(value, (float, np.floating)):
        return int(np.rint(float(value) * 10.0**places))
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{value!r} is not a number")
    return int(Decimal(value).scaleb(places).to_integral_value())


def _overflow(field: models.Field, array: np.ndarray, bad: np.ndarray) -> ValueError:
    """The error for a value that does not fit max_digits/decimal_places."""
    row = int(np.argmax(bad)) if bad.any() else 0
    return ValueError(
        f"{_plain(array[row])!r} at row {row} does not fit max_digits={field.max_digits}, "
        f"decimal_places={field.decimal_places}"
    )


def _decimal_objects(field: models.Field, values: ArrayLike) -> Column:
    """Decimals too wide for int64: quantized Decimal objects."""
    quantum = Decimal(1).scaleb(-field.decimal_places)
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    objects = _objects(values)
    nulls = _null_mask(objects)
    out = np.empty(len(objects), dtype=object)
    for row, value in enumerate(objects):
        if nulls[row]:
            continue
        number = (
            Decimal(repr(float(value)))
            if isinstance(value, (float, np.floating))
            else Decimal(value)
        )
        number = number.quantize(quantum)
        if abs(number) >= limit:
            raise _overflow(field, objects, np.arange(len(objects)) == row)
        out[row] = number
    return Column(field, "decimal", out, nulls, scale=field.decimal_places)


def _bool(field: models.Field, values: ArrayLike) -> Column:
    """Booleans: numpy bool, None → NULL."""
    array = _numbers(values)
    if array.dtype.kind == "b":
        return Column(field, "bool", array)
    if array.dtype.kind in "iu":
        return Column(field, "bool", array != 0)
    objects = _objects(values)
    nulls = _null_mask(objects)
    data = np.fromiter(
        (bool(v) and not n for v, n in zip(objects, nulls, strict=True)), bool, len(objects)
    )
    return Column(field, "bool", data, nulls)


def _datetime(field: models.Field, values: ArrayLike) -> Column:
    """Instants as datetime64[us]: UTC when USE_TZ (numpy values are read as UTC)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        data = values.astype("datetime64[us]")
        return Column(field, "datetime", data, np.isnat(data))
    objects = _objects(values)
    data = np.array([_naive_instant(v) for v in objects], dtype="datetime64[us]")
    return Column(field, "datetime", data, np.isnat(data))


def _naive_instant(value: Any) -> dt.datetime | np.datetime64 | None:
    """One datetime as naive UTC (USE_TZ) or naive local time; None/NaT → NaT."""
    if _is_null(value):
        return np.datetime64("NaT")
    if isinstance(value, np.datetime64):
        return value
    if isinstance(value, str):
        parsed = parse_datetime(value) or parse_date(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not an ISO date/time")
        value = parsed
    if not isinstance(value, dt.datetime):
        if not isinstance(value, dt.date):
            raise TypeError(f"{value!r} is not a datetime")
        value = dt.datetime.combine(value, dt.time())
    if settings.USE_TZ:
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_default_timezone())
    return value


def _date(field: models.Field, values: ArrayLike) -> Column:
    """Dates as datetime64[D]; aware datetimes take their date in the default time zone."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        data = values.astype("datetime64[D]")
        return Column(field, "date", data, np.isnat(data))
    objects = _objects(values)
    data = np.array([_day(v) for v in objects], dtype="datetime64[D]")
    return Column(field, "date", data, np.isnat(data))


def _day(value: Any) -> dt.date | np.datetime64:
    """One date; None/NaT → NaT."""
    if _is_null(value):
        return np.datetime64("NaT")
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]")
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not an ISO date")
        return parsed
    if isinstance(value, dt.datetime):
        if settings.USE_TZ and timezone.is_aware(value):
            value = timezone.localtime(value, timezone.get_default_timezone())
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"{value!r} is not a date")


def _text(field: models.Field, values: ArrayLike) -> Column:
    """Strings (non-strings through str()), checked against max_length."""
    objects = _objects(values)
    nulls = _null_mask(objects)
    if not all(type(v) is str for v in objects):
        objects = np.fromiter(
            (
                None if n else v if type(v) is str else str(v)
                for v, n in zip(objects, nulls, strict=True)
            ),
            dtype=object,
            count=len(objects),
        )
    max_length = getattr(field, "max_length", None)
    if max_length and isinstance(field, models.CharField):
        lengths = np.fromiter((0 if v is None else len(v) for v in objects), int, len(objects))
        if len(lengths) and lengths.max() > max_length:
            row = int(np.argmax(lengths))
            raise ValueError(
                f"{objects[row]!r} at row {row} is longer than max_length={max_length}"
            )
    return Column(field, "text", objects, nulls)


def _json(field: models.Field, values: ArrayLike) -> Column:
    """JSON values kept as Python objects (serialised by the writer); None → SQL NULL."""
    objects = _objects(values)
    nulls = np.fromiter((v is None for v in objects), dtype=bool, count=len(objects))
    return Column(field, "json", objects, nulls)


def _object(field: models.Field, values: ArrayLike) -> Column:
    """Any other field type: Python objects, adapted by the field per value when written."""
    objects = _objects(values)
    return Column(field, "object", objects, _null_mask(objects))


_CONVERTERS = {
    "int": _int,
    "float": _float,
    "decimal": _decimal,
    "bool": _bool,
    "datetime": _datetime,
    "date": _date,
    "text": _text,
    "json": _json,
    "object": _object,
}

"""Bad input fails before anything is written, with a message naming model, column and values.

These tests have no database access: a load that reached the database would fail them.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from load_helpers import model

from pytest_aquadata.load import Loader, load, load_history
from pytest_aquadata.load.columns import prepare

READING = "environmental.EnvironmentalReading"
TIMES = np.array(["2024-01-01T00:00", "2024-01-01T01:00"], dtype="datetime64[us]")


def readings(**changes):
    """Two valid reading columns, changed or extended by ``changes`` (None removes one)."""
    columns = {"parameter": [1, 2], "value": [1.0, 2.0], "reading_time": TIMES}
    columns.update(changes)
    return {name: values for name, values in columns.items() if values is not None}


def test_unknown_column_names_model_column_and_valid_names():
    with pytest.raises(ValueError) as error:
        load(READING, readings(temperature=[1, 2]))
    message = str(error.value)
    assert "environmental.EnvironmentalReading" in message
    assert "'temperature'" in message
    assert "reading_time" in message and "parameter_id" in message


def test_many_to_many_name_points_at_the_through_table():
    with pytest.raises(ValueError, match="many-to-many"):
        prepare(model("users.UserProfile"), {"allowed_areas": [[1]]})


def test_missing_required_columns_are_named():
    with pytest.raises(ValueError) as error:
        load(READING, readings(parameter=None, value=None))
    message = str(error.value)
    assert "needs column(s) parameter, value" in message
    assert "given: reading_time" in message


def test_length_mismatch_names_columns_and_lengths():
    with pytest.raises(ValueError, match=r"differ in length: parameter=2, value=3"):
        load(READING, readings(value=[1.0, 2.0, 3.0]))


def test_a_field_given_twice_is_refused():
    with pytest.raises(ValueError, match="given twice .as 'parameter' and 'parameter_id'"):
        load(READING, readings(parameter_id=[1, 2]))


def test_null_in_not_null_column_names_the_row():
    with pytest.raises(ValueError, match=r"EnvironmentalReading.value is NOT NULL but row 1"):
        load(READING, readings(value=np.array([1.0, np.nan])))
    with pytest.raises(ValueError, match="reading_time is NOT NULL but row 0"):
        load(READING, readings(reading_time=np.array(["NaT", "2024-01-01"], "datetime64[us]")))


def test_decimal_that_does_not_fit_max_digits():
    with pytest.raises(ValueError, match="does not fit max_digits=10, decimal_places=4"):
        load(READING, readings(value=[1.0, 1e6]))


def test_text_longer_than_max_length():
    with pytest.raises(ValueError, match="longer than max_length=100"):
        load("environmental.EnvironmentalParameter", {"name": ["x" * 101], "unit": "C"})


def test_foreign_key_must_be_integral():
    with pytest.raises(ValueError, match="1.5 at row 1 is not an integer"):
        load(READING, readings(parameter=[1.0, 1.5]))


def test_row_count_needs_one_sequence_column():
    with pytest.raises(ValueError, match="every column is a single value"):
        load("environmental.EnvironmentalParameter", {"name": "x", "unit": "C"})


def test_history_options_are_checked_before_writing():
    with pytest.raises(ValueError, match="has no history"):
        load(READING, readings(), history=True)
    with pytest.raises(ValueError, match="history rows need the keys"):
        load(
            "environmental.EnvironmentalParameter",
            {"name": ["x"], "unit": "C"},
            assign_pks=False,
            history=True,
        )
    with pytest.raises(ValueError, match="unknown history option"):
        load("environmental.EnvironmentalParameter", {"name": ["x"], "unit": "C"}, history={"x": 1})
    with pytest.raises(ValueError, match="history_type must be one of"):
        load_history(
            "environmental.EnvironmentalParameter",
            {"id": [1], "name": ["x"], "unit": "C"},
            history_type="?",
        )
    with pytest.raises(ValueError, match="history rows need the primary key 'id'"):
        load_history("environmental.EnvironmentalParameter", {"name": ["x"], "unit": "C"})


def test_writer_must_match_the_database():
    other = {"sqlite": "copy", "postgresql": "executemany"}[connection.vendor]
    with pytest.raises(ValueError, match=f"load method '{other}' needs"):
        Loader(connection, method=other)
    with pytest.raises(ValueError, match="unknown load method"):
        Loader(connection, method="csv")
    with pytest.raises(ValueError, match="fk_checks must be one of"):
        Loader(connection, fk_checks="never")


def test_reserving_keys_of_a_one_to_one_primary_key_is_refused():
    with pytest.raises(ValueError, match="primary key 'assignment' is not an integer key"):
        Loader(connection).reserve_pks("batch.ContainerForecastSummary", 3)

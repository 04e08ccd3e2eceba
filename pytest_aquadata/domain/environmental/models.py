"""Models of the `environmental` app, matching SCHEMA.md field by field."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class EnvironmentalParameter(models.Model):
    """EnvironmentalParameter (environmental_environmentalparameter) of the reference schema."""

    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=20)
    description = models.TextField(blank=True)
    min_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    optimal_min = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    optimal_max = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "environmental_environmentalparameter"


class EnvironmentalReading(models.Model):
    """EnvironmentalReading (environmental_environmentalreading) of the reference schema."""

    parameter = models.ForeignKey("environmental.EnvironmentalParameter", on_delete=models.PROTECT)
    container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="environmental_readings",
    )
    batch = models.ForeignKey(
        "batch.Batch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="environmental_readings",
    )
    sensor = models.ForeignKey(
        "infrastructure.Sensor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readings",
    )
    batch_container_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="environmental_readings",
    )
    value = models.DecimalField(max_digits=10, decimal_places=4)
    reading_time = models.DateTimeField()
    is_manual = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "environmental_environmentalreading"
        indexes = [
            models.Index(
                fields=["container", "parameter", "reading_time"],
                name="environment_contain_a6622f_idx",
            ),
            models.Index(
                fields=["batch", "parameter", "reading_time"], name="environment_batch_i_e1fe9c_idx"
            ),
            models.Index(
                fields=["batch_container_assignment", "parameter", "reading_time"],
                name="environment_batch_c_343740_idx",
            ),
        ]


class PhotoperiodData(models.Model):
    """PhotoperiodData (environmental_photoperioddata) of the reference schema."""

    area = models.ForeignKey(
        "infrastructure.Area", on_delete=models.CASCADE, related_name="photoperiod_data"
    )
    date = models.DateField()
    day_length_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )
    light_intensity = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    is_interpolated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "environmental_photoperioddata"
        unique_together = [("area", "date")]
        indexes = [
            models.Index(fields=["area", "date"], name="environment_area_id_9c8f82_idx"),
        ]


class WeatherData(models.Model):
    """WeatherData (environmental_weatherdata) of the reference schema."""

    area = models.ForeignKey(
        "infrastructure.Area", on_delete=models.CASCADE, related_name="weather_data"
    )
    timestamp = models.DateTimeField()
    temperature = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    wind_speed = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    wind_direction = models.IntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(360)]
    )
    precipitation = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    wave_height = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    wave_period = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    wave_direction = models.IntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(360)]
    )
    cloud_cover = models.IntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "environmental_weatherdata"
        indexes = [
            models.Index(fields=["area", "timestamp"], name="environment_area_id_7e45b9_idx"),
        ]


class StageTransitionEnvironmental(models.Model):
    """StageTransitionEnvironmental (environmental_stagetransitionenvironmental) of the reference schema."""

    batch_transfer_workflow = models.ForeignKey(
        "batch.BatchTransferWorkflow",
        on_delete=models.CASCADE,
        related_name="environmental_conditions",
    )
    temperature = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    oxygen = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    salinity = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    ph = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    additional_parameters = models.JSONField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "environmental_stagetransitionenvironmental"

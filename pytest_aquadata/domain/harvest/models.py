"""Models of the `harvest` app, matching SCHEMA.md field by field."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class HarvestEvent(models.Model):
    """HarvestEvent (harvest_harvestevent) of the reference schema."""

    event_date = models.DateTimeField(db_index=True)
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.PROTECT, related_name="harvest_events"
    )
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.PROTECT, related_name="harvest_events"
    )
    dest_geography = models.ForeignKey(
        "infrastructure.Geography",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="destination_harvest_events",
    )
    dest_subsidiary = models.CharField(
        max_length=3,
        null=True,
        blank=True,
        choices=[("BS", "Bs"), ("FW", "Fw"), ("FM", "Fm"), ("LG", "Lg"), ("ALL", "All")],
    )
    document_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "harvest_harvestevent"
        ordering = ["-event_date", "batch_id"]
        indexes = [
            models.Index(fields=["event_date", "batch"], name="harvest_har_event_d_b1dbec_idx"),
            models.Index(fields=["dest_subsidiary"], name="harvest_har_dest_su_86e9c4_idx"),
        ]


class HarvestLot(models.Model):
    """HarvestLot (harvest_harvestlot) of the reference schema."""

    event = models.ForeignKey("harvest.HarvestEvent", on_delete=models.CASCADE, related_name="lots")
    product_grade = models.ForeignKey(
        "harvest.ProductGrade", on_delete=models.PROTECT, related_name="lots"
    )
    live_weight_kg = models.DecimalField(
        max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )
    gutted_weight_kg = models.DecimalField(
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fillet_weight_kg = models.DecimalField(
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "harvest_harvestlot"
        ordering = ["-event__event_date", "product_grade__code"]


class HarvestWaste(models.Model):
    """HarvestWaste (harvest_harvestwaste) of the reference schema."""

    event = models.ForeignKey(
        "harvest.HarvestEvent", on_delete=models.CASCADE, related_name="waste_entries"
    )
    category = models.CharField(max_length=50)
    weight_kg = models.DecimalField(
        max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "harvest_harvestwaste"
        ordering = ["-event__event_date", "category"]


class ProductGrade(models.Model):
    """ProductGrade (harvest_productgrade) of the reference schema."""

    code = models.CharField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "harvest_productgrade"
        ordering = ["code"]

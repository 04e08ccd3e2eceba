"""Models of the `inventory` app, matching SCHEMA.md field by field."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pytest_aquadata.domain import derive


class Feed(models.Model):
    """Feed (inventory_feed) of the reference schema."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_active = models.BooleanField(default=True)
    name = models.CharField(max_length=100)
    brand = models.CharField(max_length=100)
    size_category = models.CharField(
        max_length=20,
        choices=[("MICRO", "Micro"), ("SMALL", "Small"), ("MEDIUM", "Medium"), ("LARGE", "Large")],
    )
    pellet_size_mm = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    protein_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    fat_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    carbohydrate_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "inventory_feed"


class FeedPurchase(models.Model):
    """FeedPurchase (inventory_feedpurchase) of the reference schema."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    feed = models.ForeignKey("inventory.Feed", on_delete=models.PROTECT, related_name="purchases")
    purchase_date = models.DateField()
    quantity_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    cost_per_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    supplier = models.CharField(max_length=100)
    batch_number = models.CharField(max_length=100, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "inventory_feedpurchase"
        ordering = ["-purchase_date"]


class FeedingEvent(models.Model):
    """FeedingEvent (inventory_feedingevent) of the reference schema."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.PROTECT, related_name="feeding_events"
    )
    batch_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feeding_events",
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.PROTECT, related_name="feeding_events"
    )
    feed = models.ForeignKey(
        "inventory.Feed", on_delete=models.PROTECT, related_name="feeding_events"
    )
    feeding_date = models.DateField()
    feeding_time = models.TimeField()
    amount_kg = models.DecimalField(
        max_digits=10, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    batch_biomass_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    feeding_percentage = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    feed_cost = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    method = models.CharField(
        max_length=20,
        default="MANUAL",
        choices=[("MANUAL", "Manual"), ("AUTOMATIC", "Automatic"), ("BROADCAST", "Broadcast")],
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    def calculate_feeding_percentage(self) -> Decimal | None:
        """Feed as % of the stored biomass snapshot: amount_kg / batch_biomass_kg × 100."""
        return derive.feeding_percentage(self.amount_kg, self.batch_biomass_kg)

    def save(self, *args, **kwargs) -> None:
        """Recompute feeding_percentage from the row's own amount and biomass on every save."""
        self.feeding_percentage = self.calculate_feeding_percentage()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "feeding_percentage" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "feeding_percentage"]
        super().save(*args, **kwargs)

    class Meta:
        db_table = "inventory_feedingevent"
        ordering = ["-feeding_date", "-feeding_time"]


class ContainerFeedingSummary(models.Model):
    """ContainerFeedingSummary (inventory_containerfeedingsummary) of the reference schema."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="container_feeding_summaries"
    )
    container_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.CASCADE, related_name="feeding_summaries"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    total_feed_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    starting_biomass_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    ending_biomass_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    growth_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fcr = models.DecimalField(
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    confidence_level = models.CharField(
        max_length=20,
        default="MEDIUM",
        choices=[
            ("VERY_HIGH", "Very high"),
            ("HIGH", "High"),
            ("MEDIUM", "Medium"),
            ("LOW", "Low"),
        ],
    )
    estimation_method = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        choices=[("MEASURED", "Measured"), ("INTERPOLATED", "Interpolated")],
    )
    data_points = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    @property
    def container_name(self) -> str:
        """Name of the container of the summarised assignment."""
        return self.container_assignment.container.name

    class Meta:
        db_table = "inventory_containerfeedingsummary"
        ordering = ["container_assignment", "-period_end"]
        unique_together = [("container_assignment", "period_start", "period_end")]
        indexes = [
            models.Index(
                fields=["batch", "period_start", "period_end"],
                name="inventory_c_batch_i_f16328_idx",
            ),
            models.Index(
                fields=["container_assignment", "period_start"],
                name="inventory_c_contain_3994a5_idx",
            ),
        ]


class BatchFeedingSummary(models.Model):
    """BatchFeedingSummary (inventory_batchfeedingsummary) of the reference schema."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="feeding_summaries"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    total_feed_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    average_biomass_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    average_feeding_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    total_starting_biomass_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    total_ending_biomass_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    total_growth_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    weighted_avg_fcr = models.DecimalField(
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fcr = models.DecimalField(
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    container_count = models.PositiveIntegerField(default=0)
    total_feed_consumed_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    total_biomass_gain_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    overall_confidence_level = models.CharField(
        max_length=20,
        default="MEDIUM",
        choices=[
            ("VERY_HIGH", "Very high"),
            ("HIGH", "High"),
            ("MEDIUM", "Medium"),
            ("LOW", "Low"),
        ],
    )
    estimation_method = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        choices=[("MEASURED", "Measured"), ("MIXED", "Mixed"), ("INTERPOLATED", "Interpolated")],
    )
    history = HistoricalRecords()

    class Meta:
        db_table = "inventory_batchfeedingsummary"
        ordering = ["batch", "-period_end"]
        unique_together = [("batch", "period_start", "period_end")]


class FeedContainerStock(models.Model):
    """FeedContainerStock (inventory_feedcontainerstock) of the reference schema."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    feed_container = models.ForeignKey(
        "infrastructure.FeedContainer", on_delete=models.CASCADE, related_name="feed_batch_stocks"
    )
    feed_purchase = models.ForeignKey(
        "inventory.FeedPurchase", on_delete=models.PROTECT, related_name="container_stocks"
    )
    quantity_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    entry_date = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        db_table = "inventory_feedcontainerstock"
        ordering = ["feed_container", "entry_date"]
        verbose_name = "Feed Container Stock"
        indexes = [
            models.Index(
                fields=["feed_container", "entry_date"], name="inventory_f_feed_co_cd3df6_idx"
            ),
            models.Index(fields=["feed_purchase"], name="inventory_f_feed_pu_89e94c_idx"),
        ]

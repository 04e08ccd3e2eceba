"""Models of the `broodstock` app, matching SCHEMA.md field by field."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class MaintenanceTask(models.Model):
    """MaintenanceTask (broodstock_maintenancetask) of the reference schema."""

    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="maintenance_tasks"
    )
    task_type = models.CharField(
        max_length=50,
        choices=[
            ("cleaning", "Cleaning"),
            ("repair", "Repair"),
            ("inspection", "Inspection"),
            ("upgrade", "Upgrade"),
        ],
    )
    scheduled_date = models.DateTimeField()
    completed_date = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="created_maintenance_tasks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def is_overdue(self) -> bool:
        """True while the task is not completed and its scheduled time has passed."""
        return self.completed_date is None and timezone.now() > self.scheduled_date

    class Meta:
        db_table = "broodstock_maintenancetask"
        ordering = ["-scheduled_date"]
        verbose_name = "Maintenance Task"


class BroodstockFish(models.Model):
    """BroodstockFish (broodstock_broodstockfish) of the reference schema."""

    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.PROTECT, related_name="broodstock_fish"
    )
    traits = models.JSONField(blank=True, default=dict)
    health_status = models.CharField(
        max_length=20,
        default="healthy",
        choices=[
            ("healthy", "Healthy"),
            ("monitored", "Monitored"),
            ("sick", "Sick"),
            ("deceased", "Deceased"),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "broodstock_broodstockfish"
        verbose_name = "Broodstock Fish"


class FishMovement(models.Model):
    """FishMovement (broodstock_fishmovement) of the reference schema."""

    fish = models.ForeignKey(
        "broodstock.BroodstockFish", on_delete=models.CASCADE, related_name="movements"
    )
    from_container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.PROTECT, related_name="fish_movements_from"
    )
    to_container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.PROTECT, related_name="fish_movements_to"
    )
    movement_date = models.DateTimeField(db_index=True, default=timezone.now)
    moved_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="fish_movements"
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def apply_movement(self) -> None:
        """Move the fish to to_container (the reference does this in save() on creation)."""
        self.fish.container_id = self.to_container_id
        self.fish.save(update_fields=["container", "updated_at"])

    class Meta:
        db_table = "broodstock_fishmovement"
        ordering = ["-movement_date"]
        verbose_name = "Fish Movement"


class BreedingPlan(models.Model):
    """BreedingPlan (broodstock_breedingplan) of the reference schema."""

    name = models.CharField(max_length=100)
    start_date = models.DateTimeField()
    end_date = models.DateTimeField()
    objectives = models.TextField(blank=True)
    geneticist_notes = models.TextField(blank=True)
    breeder_instructions = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="breeding_plans"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def is_active(self) -> bool:
        """True while now lies within [start_date, end_date]."""
        return self.start_date <= timezone.now() <= self.end_date

    class Meta:
        db_table = "broodstock_breedingplan"
        ordering = ["-start_date"]
        verbose_name = "Breeding Plan"


class BreedingTraitPriority(models.Model):
    """BreedingTraitPriority (broodstock_breedingtraitpriority) of the reference schema."""

    plan = models.ForeignKey(
        "broodstock.BreedingPlan", on_delete=models.CASCADE, related_name="trait_priorities"
    )
    trait_name = models.CharField(
        max_length=50,
        choices=[
            ("growth_rate", "Growth rate"),
            ("disease_resistance", "Disease resistance"),
            ("size", "Size"),
            ("fertility", "Fertility"),
        ],
    )
    priority_weight = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "broodstock_breedingtraitpriority"
        ordering = ["-priority_weight"]
        verbose_name = "Breeding Trait Priority"
        unique_together = [("plan", "trait_name")]


class BreedingPair(models.Model):
    """BreedingPair (broodstock_breedingpair) of the reference schema."""

    plan = models.ForeignKey(
        "broodstock.BreedingPlan", on_delete=models.CASCADE, related_name="breeding_pairs"
    )
    male_fish = models.ForeignKey(
        "broodstock.BroodstockFish", on_delete=models.PROTECT, related_name="breeding_pairs_as_male"
    )
    female_fish = models.ForeignKey(
        "broodstock.BroodstockFish",
        on_delete=models.PROTECT,
        related_name="breeding_pairs_as_female",
    )
    pairing_date = models.DateTimeField(default=timezone.now)
    progeny_count = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "broodstock_breedingpair"
        ordering = ["-pairing_date"]
        verbose_name = "Breeding Pair"
        unique_together = [("plan", "male_fish", "female_fish")]


class EggProduction(models.Model):
    """EggProduction (broodstock_eggproduction) of the reference schema."""

    pair = models.ForeignKey(
        "broodstock.BreedingPair",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="egg_productions",
    )
    egg_batch_id = models.CharField(max_length=50, unique=True)
    egg_count = models.IntegerField(validators=[MinValueValidator(0)])
    production_date = models.DateTimeField(default=timezone.now)
    destination_station = models.ForeignKey(
        "infrastructure.FreshwaterStation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="egg_productions",
    )
    source_type = models.CharField(
        max_length=20, choices=[("internal", "Internal"), ("external", "External")]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Internal eggs come from a breeding pair; external eggs have none."""
        super().clean()
        if self.source_type == "internal" and self.pair_id is None:
            raise ValidationError({"pair": "Internal egg production requires a breeding pair."})
        if self.source_type == "external" and self.pair_id is not None:
            raise ValidationError({"pair": "External egg production cannot have a breeding pair."})

    class Meta:
        db_table = "broodstock_eggproduction"
        ordering = ["-production_date"]
        verbose_name = "Egg Production"


class EggSupplier(models.Model):
    """EggSupplier (broodstock_eggsupplier) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    contact_details = models.TextField()
    certifications = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "broodstock_eggsupplier"
        ordering = ["name"]
        verbose_name = "Egg Supplier"


class ExternalEggBatch(models.Model):
    """ExternalEggBatch (broodstock_externaleggbatch) of the reference schema."""

    egg_production = models.OneToOneField(
        "broodstock.EggProduction", on_delete=models.CASCADE, related_name="external_batch"
    )
    supplier = models.ForeignKey(
        "broodstock.EggSupplier", on_delete=models.PROTECT, related_name="egg_batches"
    )
    batch_number = models.CharField(max_length=50)
    provenance_data = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "broodstock_externaleggbatch"
        ordering = ["-created_at"]
        verbose_name = "External Egg Batch"


class BatchParentage(models.Model):
    """BatchParentage (broodstock_batchparentage) of the reference schema."""

    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="parentage")
    egg_production = models.ForeignKey(
        "broodstock.EggProduction", on_delete=models.PROTECT, related_name="batch_assignments"
    )
    assignment_date = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "broodstock_batchparentage"
        ordering = ["-assignment_date"]
        verbose_name = "Batch Parentage"
        unique_together = [("batch", "egg_production")]

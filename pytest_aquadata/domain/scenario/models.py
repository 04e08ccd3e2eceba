"""Models of the `scenario` app, matching SCHEMA.md field by field."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from pytest_aquadata.domain import derive
from pytest_aquadata.domain._validation import full_clean_without_queries

#: Smallest initial weight a scenario without a constraint set accepts (an egg), in grams.
MIN_INITIAL_WEIGHT_G = 0.1


def _not_below(low: Decimal | None, high: Decimal | None) -> bool:
    """True when both bounds are given and low is not strictly below high."""
    return low is not None and high is not None and low >= high


class TemperatureProfile(models.Model):
    """TemperatureProfile (scenario_temperatureprofile) of the reference schema."""

    profile_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_temperatureprofile"
        ordering = ["name"]
        verbose_name = "Temperature Profile"


class TemperatureReading(models.Model):
    """TemperatureReading (scenario_temperaturereading) of the reference schema."""

    reading_id = models.BigAutoField(primary_key=True)
    profile = models.ForeignKey(
        "scenario.TemperatureProfile", on_delete=models.CASCADE, related_name="readings"
    )
    day_number = models.IntegerField(validators=[MinValueValidator(1)])
    temperature = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_temperaturereading"
        ordering = ["profile", "day_number"]
        verbose_name = "Temperature Reading"
        unique_together = [("profile", "day_number")]


class TGCModel(models.Model):
    """TGCModel (scenario_tgcmodel) of the reference schema."""

    model_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)
    location = models.CharField(max_length=255)
    release_period = models.CharField(max_length=255)
    tgc_value = models.FloatField(validators=[MinValueValidator(0)])
    exponent_n = models.FloatField(default=0.33)
    exponent_m = models.FloatField(default=0.66)
    profile = models.ForeignKey(
        "scenario.TemperatureProfile", on_delete=models.PROTECT, related_name="tgc_models"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_tgcmodel"
        ordering = ["name"]
        verbose_name = "TGC Model"


class FCRModel(models.Model):
    """FCRModel (scenario_fcrmodel) of the reference schema."""

    model_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_fcrmodel"
        ordering = ["name"]
        verbose_name = "FCR Model"


class FCRModelStage(models.Model):
    """FCRModelStage (scenario_fcrmodelstage) of the reference schema."""

    model = models.ForeignKey("scenario.FCRModel", on_delete=models.CASCADE, related_name="stages")
    stage = models.ForeignKey(
        "batch.LifeCycleStage", on_delete=models.PROTECT, related_name="fcr_stages"
    )
    fcr_value = models.FloatField(validators=[MinValueValidator(0)])
    duration_days = models.IntegerField(validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_fcrmodelstage"
        ordering = ["model", "stage"]
        verbose_name = "FCR Model Stage"
        unique_together = [("model", "stage")]


class MortalityModel(models.Model):
    """MortalityModel (scenario_mortalitymodel) of the reference schema."""

    model_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)
    frequency = models.CharField(max_length=10, choices=[("daily", "Daily"), ("weekly", "Weekly")])
    rate = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(100)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_mortalitymodel"
        ordering = ["name"]
        verbose_name = "Mortality Model"


class Scenario(models.Model):
    """Scenario (scenario) of the reference schema."""

    scenario_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255)
    start_date = models.DateField()
    duration_days = models.IntegerField(validators=[MinValueValidator(1)])
    initial_count = models.IntegerField(validators=[MinValueValidator(1)])
    genotype = models.CharField(max_length=255)
    supplier = models.CharField(max_length=255)
    initial_weight = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    tgc_model = models.ForeignKey(
        "scenario.TGCModel", on_delete=models.PROTECT, related_name="scenarios"
    )
    fcr_model = models.ForeignKey(
        "scenario.FCRModel", on_delete=models.PROTECT, related_name="scenarios"
    )
    mortality_model = models.ForeignKey(
        "scenario.MortalityModel", on_delete=models.PROTECT, related_name="scenarios"
    )
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.SET_NULL, null=True, blank=True, related_name="scenarios"
    )
    biological_constraints = models.ForeignKey(
        "scenario.BiologicalConstraints", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="created_scenarios"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def clean(self) -> None:
        """initial_weight fits a stage of the constraint set (and its freshwater cap), else ≥ 0.1 g."""
        super().clean()
        if self.biological_constraints_id is not None and self.initial_weight:
            self._check_weight_against_constraints()
        elif self.initial_weight is not None and self.initial_weight < MIN_INITIAL_WEIGHT_G:
            raise ValidationError(
                {
                    "initial_weight": f"Initial weight too low; the minimum is {MIN_INITIAL_WEIGHT_G} g (egg)."
                }
            )

    def _check_weight_against_constraints(self) -> None:
        """Raise unless initial_weight falls in a stage's range and under its freshwater cap."""
        weight = derive.to_decimal(self.initial_weight)
        constraint_set = self.biological_constraints
        stages = constraint_set.stage_constraints.order_by("min_weight_g", "pk")
        match = next((c for c in stages if c.min_weight_g <= weight <= c.max_weight_g), None)
        if match is None:
            raise ValidationError(
                {
                    "initial_weight": f"Initial weight {weight} g matches no lifecycle stage "
                    f"of constraint set {constraint_set.name!r}."
                }
            )
        freshwater = (
            self.tgc_model_id is not None
            and "freshwater" in (self.tgc_model.location or "").lower()
        )
        cap = match.max_freshwater_weight_g
        if freshwater and cap and weight > cap:
            raise ValidationError(
                {
                    "initial_weight": f"Initial weight {weight} g exceeds the freshwater limit "
                    f"of {cap} g for {match.get_lifecycle_stage_display()}."
                }
            )

    def save(self, *args, **kwargs) -> None:
        """Validate before saving, as the reference's save() runs full_clean()."""
        full_clean_without_queries(self)
        super().save(*args, **kwargs)

    class Meta:
        db_table = "scenario"
        ordering = ["-created_at", "name"]
        verbose_name = "Scenario"
        indexes = [
            models.Index(fields=["start_date"], name="scenario_start_d_75cb3d_idx"),
            models.Index(fields=["created_by"], name="scenario_created_277418_idx"),
        ]


class ScenarioModelChange(models.Model):
    """ScenarioModelChange (scenario_scenariomodelchange) of the reference schema."""

    change_id = models.BigAutoField(primary_key=True)
    scenario = models.ForeignKey(
        "scenario.Scenario", on_delete=models.CASCADE, related_name="model_changes"
    )
    change_day = models.IntegerField(validators=[MinValueValidator(1)])
    new_tgc_model = models.ForeignKey(
        "scenario.TGCModel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenario_changes",
    )
    new_fcr_model = models.ForeignKey(
        "scenario.FCRModel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenario_changes",
    )
    new_mortality_model = models.ForeignKey(
        "scenario.MortalityModel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenario_changes",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def clean(self) -> None:
        """At least one new model; 1 ≤ change_day ≤ the scenario's duration."""
        super().clean()
        errors: dict[str, str] = {}
        if not (self.new_tgc_model_id or self.new_fcr_model_id or self.new_mortality_model_id):
            errors["new_tgc_model"] = (
                "A model change needs at least one of new_tgc_model, new_fcr_model "
                "or new_mortality_model."
            )
        if self.change_day is not None:
            if self.change_day < 1:
                errors["change_day"] = "Change day must be at least 1 (day 1 is the first day)."
            elif self.scenario_id is not None and self.change_day > self.scenario.duration_days:
                errors["change_day"] = (
                    f"Change day {self.change_day} exceeds the scenario duration of "
                    f"{self.scenario.duration_days} days."
                )
        if errors:
            raise ValidationError(errors)

    class Meta:
        db_table = "scenario_scenariomodelchange"
        ordering = ["scenario", "change_day"]
        verbose_name = "Scenario Model Change"


class ProjectionRun(models.Model):
    """ProjectionRun (scenario_projection_run) of the reference schema."""

    run_id = models.BigAutoField(primary_key=True)
    scenario = models.ForeignKey(
        "scenario.Scenario", on_delete=models.CASCADE, related_name="projection_runs"
    )
    run_date = models.DateTimeField(auto_now_add=True)
    run_number = models.PositiveIntegerField()
    label = models.CharField(max_length=100, blank=True)
    parameters_snapshot = models.JSONField(blank=True, default=dict)
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projection_runs",
    )
    notes = models.TextField(blank=True)
    total_projections = models.PositiveIntegerField(default=0)
    final_weight_g = models.FloatField(null=True, blank=True)
    final_biomass_kg = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_projection_run"
        ordering = ["scenario", "-run_number"]
        verbose_name = "Projection Run"
        unique_together = [("scenario", "run_number")]
        indexes = [
            models.Index(fields=["scenario", "-run_date"], name="scenario_pr_scenari_58c6d2_idx"),
            models.Index(fields=["run_number"], name="scenario_pr_run_num_231c54_idx"),
        ]


class ScenarioProjection(models.Model):
    """ScenarioProjection (scenario_scenarioprojection) of the reference schema."""

    projection_id = models.BigAutoField(primary_key=True)
    projection_run = models.ForeignKey(
        "scenario.ProjectionRun",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="projections",
    )
    projection_date = models.DateField()
    day_number = models.IntegerField(validators=[MinValueValidator(0)])
    average_weight = models.FloatField(validators=[MinValueValidator(0)])
    population = models.FloatField(validators=[MinValueValidator(0)])
    biomass = models.FloatField(validators=[MinValueValidator(0)])
    daily_feed = models.FloatField(validators=[MinValueValidator(0)])
    cumulative_feed = models.FloatField(validators=[MinValueValidator(0)])
    temperature = models.FloatField()
    current_stage = models.ForeignKey(
        "batch.LifeCycleStage", on_delete=models.PROTECT, related_name="scenario_projections"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scenario_scenarioprojection"
        ordering = ["projection_run", "day_number"]
        verbose_name = "Scenario Projection"
        indexes = [
            models.Index(
                fields=["projection_run", "projection_date"], name="scenario_sc_project_7a2ab2_idx"
            ),
            models.Index(
                fields=["projection_run", "day_number"], name="scenario_sc_project_68d05b_idx"
            ),
        ]


class BiologicalConstraints(models.Model):
    """BiologicalConstraints (scenario_biological_constraints) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="created_constraints"
    )

    class Meta:
        db_table = "scenario_biological_constraints"
        verbose_name = "Biological Constraint Set"


class StageConstraint(models.Model):
    """StageConstraint (scenario_stage_constraint) of the reference schema."""

    constraint_set = models.ForeignKey(
        "scenario.BiologicalConstraints", on_delete=models.CASCADE, related_name="stage_constraints"
    )
    lifecycle_stage = models.CharField(
        max_length=20,
        choices=[
            ("egg", "Egg"),
            ("alevin", "Alevin"),
            ("fry", "Fry"),
            ("parr", "Parr"),
            ("smolt", "Smolt"),
            ("post_smolt", "Post smolt"),
            ("harvest", "Harvest"),
        ],
    )
    min_weight_g = models.DecimalField(max_digits=10, decimal_places=2)
    max_weight_g = models.DecimalField(max_digits=10, decimal_places=2)
    min_temperature_c = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    max_temperature_c = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    typical_duration_days = models.IntegerField(null=True, blank=True)
    max_freshwater_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )

    def clean(self) -> None:
        """min_weight_g < max_weight_g and, when both are given, min_temperature_c < max."""
        super().clean()
        errors: dict[str, str] = {}
        if _not_below(self.min_weight_g, self.max_weight_g):
            errors["min_weight_g"] = "min_weight_g must be less than max_weight_g."
        if _not_below(self.min_temperature_c, self.max_temperature_c):
            errors["min_temperature_c"] = "min_temperature_c must be less than max_temperature_c."
        if errors:
            raise ValidationError(errors)

    class Meta:
        db_table = "scenario_stage_constraint"
        unique_together = [("constraint_set", "lifecycle_stage")]


class TGCModelStage(models.Model):
    """TGCModelStage (scenario_tgc_model_stage) of the reference schema."""

    tgc_model = models.ForeignKey(
        "scenario.TGCModel", on_delete=models.CASCADE, related_name="stage_overrides"
    )
    lifecycle_stage = models.CharField(
        max_length=20,
        choices=[
            ("egg", "Egg"),
            ("alevin", "Alevin"),
            ("fry", "Fry"),
            ("parr", "Parr"),
            ("smolt", "Smolt"),
            ("post_smolt", "Post smolt"),
            ("harvest", "Harvest"),
        ],
    )
    tgc_value = models.DecimalField(max_digits=6, decimal_places=4)
    temperature_exponent = models.DecimalField(max_digits=4, decimal_places=2, default=1.0)
    weight_exponent = models.DecimalField(max_digits=4, decimal_places=2, default=0.333)

    class Meta:
        db_table = "scenario_tgc_model_stage"
        verbose_name = "tgc model stage"
        unique_together = [("tgc_model", "lifecycle_stage")]


class FCRModelStageOverride(models.Model):
    """FCRModelStageOverride (scenario_fcr_model_stage_override) of the reference schema."""

    fcr_stage = models.ForeignKey(
        "scenario.FCRModelStage", on_delete=models.CASCADE, related_name="overrides"
    )
    min_weight_g = models.DecimalField(max_digits=10, decimal_places=2)
    max_weight_g = models.DecimalField(max_digits=10, decimal_places=2)
    fcr_value = models.DecimalField(max_digits=5, decimal_places=3)

    def clean(self) -> None:
        """The weight band must be non-empty: min_weight_g < max_weight_g (overlaps allowed)."""
        super().clean()
        if _not_below(self.min_weight_g, self.max_weight_g):
            raise ValidationError({"min_weight_g": "min_weight_g must be less than max_weight_g."})

    class Meta:
        db_table = "scenario_fcr_model_stage_override"
        ordering = ["min_weight_g"]
        verbose_name = "fcr model stage override"


class MortalityModelStage(models.Model):
    """MortalityModelStage (scenario_mortality_model_stage) of the reference schema."""

    mortality_model = models.ForeignKey(
        "scenario.MortalityModel", on_delete=models.CASCADE, related_name="stage_overrides"
    )
    lifecycle_stage = models.CharField(
        max_length=20,
        choices=[
            ("egg", "Egg"),
            ("alevin", "Alevin"),
            ("fry", "Fry"),
            ("parr", "Parr"),
            ("smolt", "Smolt"),
            ("post_smolt", "Post smolt"),
            ("harvest", "Harvest"),
        ],
    )
    daily_rate_percent = models.DecimalField(max_digits=5, decimal_places=3)
    weekly_rate_percent = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)

    def save(self, *args, **kwargs) -> None:
        """Fill a missing weekly rate by compounding the daily one over seven days."""
        if self.weekly_rate_percent is None and self.daily_rate_percent is not None:
            self.weekly_rate_percent = derive.weekly_mortality_percent(self.daily_rate_percent)
        super().save(*args, **kwargs)

    class Meta:
        db_table = "scenario_mortality_model_stage"
        unique_together = [("mortality_model", "lifecycle_stage")]

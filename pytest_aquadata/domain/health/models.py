"""Models of the `health` app, matching SCHEMA.md field by field."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pytest_aquadata.domain import derive


def _score_range_error(parameter: models.Model, value: int) -> str | None:
    """Why ``value`` is outside the health parameter's inclusive score range, or None."""
    if parameter.min_score <= value <= parameter.max_score:
        return None
    return (
        f"Score {value} is outside {parameter.name}'s range "
        f"{parameter.min_score}–{parameter.max_score}."
    )


def _check_assignment_batch(row: models.Model) -> None:
    """Raise unless the row's assignment (if any) belongs to the row's batch."""
    if (
        row.assignment_id is not None
        and row.batch_id is not None
        and row.assignment.batch_id != row.batch_id
    ):
        raise ValidationError({"assignment": "The assignment must belong to the batch."})


class JournalEntry(models.Model):
    """JournalEntry (health_journalentry) of the reference schema."""

    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="journal_entries"
    )
    container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
    )
    user = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="journal_entries")
    entry_date = models.DateTimeField(default=timezone.now)
    category = models.CharField(
        max_length=20,
        choices=[
            ("observation", "Observation"),
            ("issue", "Issue"),
            ("action", "Action"),
            ("diagnosis", "Diagnosis"),
            ("treatment", "Treatment"),
            ("vaccination", "Vaccination"),
            ("sample", "Sample"),
        ],
    )
    severity = models.CharField(
        max_length=10,
        null=True,
        blank=True,
        default="low",
        choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
    )
    description = models.TextField()
    resolution_status = models.BooleanField(default=False)
    resolution_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "health_journalentry"
        ordering = ["-entry_date"]


class HealthParameter(models.Model):
    """HealthParameter (health_healthparameter) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(null=True, blank=True)
    min_score = models.IntegerField(default=0)
    max_score = models.IntegerField(default=3)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """The score range must be non-empty: min_score < max_score."""
        super().clean()
        if (
            self.min_score is not None
            and self.max_score is not None
            and self.min_score >= self.max_score
        ):
            raise ValidationError(
                {
                    "min_score": f"min_score ({self.min_score}) must be below max_score ({self.max_score})."
                }
            )

    class Meta:
        db_table = "health_healthparameter"
        ordering = ["name"]
        verbose_name = "Health Parameter"


class ParameterScoreDefinition(models.Model):
    """ParameterScoreDefinition (health_parameterscoredefinition) of the reference schema."""

    parameter = models.ForeignKey(
        "health.HealthParameter", on_delete=models.CASCADE, related_name="score_definitions"
    )
    score_value = models.IntegerField()
    label = models.CharField(max_length=50)
    description = models.TextField()
    display_order = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """score_value must lie within the parameter's [min_score, max_score]."""
        super().clean()
        if self.parameter_id is not None and self.score_value is not None:
            error = _score_range_error(self.parameter, self.score_value)
            if error:
                raise ValidationError({"score_value": error})

    class Meta:
        db_table = "health_parameterscoredefinition"
        ordering = ["parameter", "display_order", "score_value"]
        verbose_name = "Parameter Score Definition"
        unique_together = [("parameter", "score_value")]


class HealthSamplingEvent(models.Model):
    """HealthSamplingEvent (health_healthsamplingevent) of the reference schema."""

    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.CASCADE,
        related_name="health_sampling_events",
    )
    sampling_date = models.DateField(default=timezone.now)
    number_of_fish_sampled = models.PositiveIntegerField()
    avg_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    std_dev_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    min_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    avg_length_cm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    std_dev_length_cm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    min_length_cm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_length_cm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    avg_k_factor = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    calculated_sample_size = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    sampled_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="health_sampling_events_conducted",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def calculate_aggregate_metrics(self, save: bool = True) -> None:
        """Weight/length stats, mean K and measured count from the individual fish."""
        pairs = list(self.individual_fish_observations.values_list("weight_g", "length_cm"))
        weights = derive.sample_stats([w for w, _ in pairs])
        lengths = derive.sample_stats([length for _, length in pairs])
        self.avg_weight_g, self.std_dev_weight_g = weights.mean, weights.std
        self.min_weight_g, self.max_weight_g = weights.minimum, weights.maximum
        self.avg_length_cm, self.std_dev_length_cm = lengths.mean, lengths.std
        self.min_length_cm, self.max_length_cm = lengths.minimum, lengths.maximum
        self.avg_k_factor = derive.mean_condition_factor(pairs, places=4)
        self.calculated_sample_size = sum(
            1 for w, length in pairs if w is not None and length is not None
        )
        if save:
            self.save()

    class Meta:
        db_table = "health_healthsamplingevent"
        ordering = ["-sampling_date", "-created_at"]
        verbose_name = "Health Sampling Event"


class IndividualFishObservation(models.Model):
    """IndividualFishObservation (health_individualfishobservation) of the reference schema."""

    sampling_event = models.ForeignKey(
        "health.HealthSamplingEvent",
        on_delete=models.CASCADE,
        related_name="individual_fish_observations",
    )
    fish_identifier = models.CharField(max_length=50)
    weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    length_cm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "health_individualfishobservation"
        ordering = ["sampling_event", "fish_identifier"]
        verbose_name = "Individual Fish Observation"
        unique_together = [("sampling_event", "fish_identifier")]


class FishParameterScore(models.Model):
    """FishParameterScore (health_fishparameterscore) of the reference schema."""

    individual_fish_observation = models.ForeignKey(
        "health.IndividualFishObservation",
        on_delete=models.CASCADE,
        related_name="parameter_scores",
    )
    parameter = models.ForeignKey(
        "health.HealthParameter", on_delete=models.PROTECT, related_name="fish_scores"
    )
    score = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """The score must lie within its parameter's [min_score, max_score]."""
        super().clean()
        if self.parameter_id is not None and self.score is not None:
            error = _score_range_error(self.parameter, self.score)
            if error:
                raise ValidationError({"score": error})

    class Meta:
        db_table = "health_fishparameterscore"
        ordering = ["individual_fish_observation", "parameter"]
        verbose_name = "Fish Parameter Score"
        unique_together = [("individual_fish_observation", "parameter")]


class SampleType(models.Model):
    """SampleType (health_sampletype) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        db_table = "health_sampletype"


class HealthLabSample(models.Model):
    """HealthLabSample (health_healthlabsample) of the reference schema."""

    batch_container_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.PROTECT, related_name="lab_samples"
    )
    sample_type = models.ForeignKey(
        "health.SampleType", on_delete=models.PROTECT, related_name="lab_samples"
    )
    sample_date = models.DateField()
    date_sent_to_lab = models.DateField(null=True, blank=True)
    date_results_received = models.DateField(null=True, blank=True)
    lab_reference_id = models.CharField(max_length=100, null=True, blank=True)
    findings_summary = models.TextField(null=True, blank=True)
    quantitative_results = models.JSONField(null=True, blank=True)
    attachment = models.FileField(null=True, blank=True, upload_to="health/lab_samples/")
    notes = models.TextField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_lab_samples",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Dates in order: sample_date ≤ date_sent_to_lab ≤ date_results_received."""
        super().clean()
        errors: dict[str, str] = {}
        sent, received = self.date_sent_to_lab, self.date_results_received
        if sent is not None and self.sample_date is not None and sent < self.sample_date:
            errors["date_sent_to_lab"] = "A sample cannot be sent to the lab before it was taken."
        if received is not None:
            earliest = sent or self.sample_date
            if earliest is not None and received < earliest:
                errors["date_results_received"] = (
                    "Results cannot arrive before the sample was taken and sent."
                )
        if errors:
            raise ValidationError(errors)

    class Meta:
        db_table = "health_healthlabsample"
        ordering = ["-sample_date", "-created_at"]
        verbose_name = "Health Lab Sample"


class VaccinationType(models.Model):
    """VaccinationType (health_vaccinationtype) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    manufacturer = models.CharField(max_length=100, blank=True)
    dosage = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        db_table = "health_vaccinationtype"
        ordering = ["name"]


class Treatment(models.Model):
    """Treatment (health_treatment) of the reference schema."""

    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="treatments")
    container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="treatments",
    )
    batch_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="treatments",
    )
    user = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="treatments")
    treatment_date = models.DateTimeField(default=timezone.now)
    treatment_type = models.CharField(
        max_length=20,
        choices=[
            ("medication", "Medication"),
            ("vaccination", "Vaccination"),
            ("physical", "Physical"),
            ("other", "Other"),
        ],
    )
    vaccination_type = models.ForeignKey(
        "health.VaccinationType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="treatments",
    )
    description = models.TextField()
    dosage = models.CharField(max_length=100, blank=True)
    duration_days = models.PositiveIntegerField(default=0)
    withholding_period_days = models.PositiveIntegerField(default=0)
    outcome = models.CharField(
        max_length=20,
        default="pending",
        choices=[
            ("pending", "Pending"),
            ("successful", "Successful"),
            ("partial", "Partial"),
            ("unsuccessful", "Unsuccessful"),
        ],
    )
    includes_weighing = models.BooleanField(default=False)
    sampling_event = models.ForeignKey(
        "health.HealthSamplingEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_treatments",
    )
    journal_entry = models.ForeignKey(
        "health.JournalEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_treatments",
    )
    history = HistoricalRecords()

    @property
    def withholding_end_date(self) -> dt.date | None:
        """Treatment day + withholding_period_days; None when there is no withholding period."""
        return derive.withholding_end_date(self.treatment_date, self.withholding_period_days)

    class Meta:
        db_table = "health_treatment"
        ordering = ["-treatment_date"]


class MortalityReason(models.Model):
    """MortalityReason (health_mortalityreason) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "health.MortalityReason",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        db_table = "health_mortalityreason"
        ordering = ["name"]


class MortalityRecord(models.Model):
    """MortalityRecord (health_mortalityrecord) of the reference schema."""

    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="mortality_records"
    )
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mortality_records",
    )
    container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mortality_records",
    )
    event_date = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField()
    reason = models.ForeignKey(
        "health.MortalityReason", on_delete=models.PROTECT, related_name="mortality_records"
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """The assignment, when given, must belong to the record's batch."""
        super().clean()
        _check_assignment_batch(self)

    def apply_to_assignments(self) -> list[models.Model]:
        """Take the dead fish off the batch's active assignments (reference: in save())."""
        # Not wired into save(): loaders and the simulator apply population changes themselves.
        # Restricted to the record's container when set; emptied assignments are closed.
        assignments = self.batch.batch_assignments.filter(is_active=True).order_by("pk")
        if self.container_id is not None:
            assignments = assignments.filter(container_id=self.container_id)
        assignments = list(assignments)
        shares = derive.distribute_mortality(self.count, [a.population_count for a in assignments])
        changed = []
        for assignment, dead in zip(assignments, shares, strict=True):
            if dead <= 0:
                continue
            assignment.population_count -= dead
            if assignment.population_count == 0:
                assignment.is_active = False
                assignment.departure_date = assignment.departure_date or self.event_date.date()
            assignment.save()
            changed.append(assignment)
        return changed

    class Meta:
        db_table = "health_mortalityrecord"
        ordering = ["-event_date"]


class LiceCount(models.Model):
    """LiceCount (health_licecount) of the reference schema."""

    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="lice_counts")
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lice_counts",
    )
    container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lice_counts",
    )
    user = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="lice_counts")
    count_date = models.DateTimeField(default=timezone.now)
    adult_female_count = models.PositiveIntegerField(default=0)
    adult_male_count = models.PositiveIntegerField(default=0)
    juvenile_count = models.PositiveIntegerField(default=0)
    lice_type = models.ForeignKey(
        "health.LiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lice_counts",
    )
    count_value = models.PositiveIntegerField(null=True, blank=True)
    detection_method = models.CharField(
        max_length=50,
        null=True,
        blank=True,
        choices=[
            ("automated", "Automated"),
            ("manual", "Manual"),
            ("visual", "Visual"),
            ("camera", "Camera"),
        ],
    )
    confidence_level = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    fish_sampled = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Assignment of the batch; legacy columns XOR lice_type + count_value; confidence 0–1."""
        super().clean()
        _check_assignment_batch(self)
        legacy = any((self.adult_female_count, self.adult_male_count, self.juvenile_count))
        has_type, has_value = self.lice_type_id is not None, self.count_value is not None
        if has_type != has_value:
            missing = "count_value" if has_type else "lice_type"
            raise ValidationError({missing: "lice_type and count_value must be provided together."})
        if legacy and has_type:
            raise ValidationError(
                {"lice_type": "Use either the legacy counts or lice_type + count_value, not both."}
            )
        if not legacy and not has_type:
            raise ValidationError(
                {"lice_type": "Provide the legacy counts or lice_type + count_value."}
            )
        if self.confidence_level is not None and not 0 <= self.confidence_level <= 1:
            raise ValidationError(
                {"confidence_level": "Confidence level must be between 0.00 and 1.00."}
            )

    @property
    def total_count(self) -> int:
        """Lice counted: count_value, else the legacy female + male + juvenile columns."""
        return derive.lice_total(
            self.count_value, self.adult_female_count, self.adult_male_count, self.juvenile_count
        )

    @property
    def average_per_fish(self) -> float:
        """Lice per sampled fish (0.0 when no fish were sampled)."""
        return derive.lice_per_fish(self.total_count, self.fish_sampled)

    class Meta:
        db_table = "health_licecount"
        ordering = ["-count_date"]


class LiceType(models.Model):
    """LiceType (health_licetype) of the reference schema."""

    species = models.CharField(max_length=100)
    gender = models.CharField(
        max_length=20, choices=[("male", "Male"), ("female", "Female"), ("unknown", "Unknown")]
    )
    development_stage = models.CharField(max_length=50)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Species and development stage must not be blank."""
        super().clean()
        if not (self.species or "").strip():
            raise ValidationError({"species": "Species name is required."})
        if not (self.development_stage or "").strip():
            raise ValidationError({"development_stage": "Development stage is required."})

    class Meta:
        db_table = "health_licetype"
        ordering = ["species", "development_stage", "gender"]
        verbose_name = "Lice Type"
        unique_together = [("species", "gender", "development_stage")]
        indexes = [
            models.Index(
                fields=["species", "development_stage"], name="health_lice_species_6bb9eb_idx"
            ),
            models.Index(fields=["is_active"], name="health_lice_is_acti_ae0e03_idx"),
        ]

"""Models of the `batch` app, matching SCHEMA.md field by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Q, Sum
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pytest_aquadata.domain import derive
from pytest_aquadata.domain.finance_core.locks import ensure_period_open


class Species(models.Model):
    """Species (batch_species) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    scientific_name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    optimal_temperature_min = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    optimal_temperature_max = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    optimal_oxygen_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    optimal_ph_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    optimal_ph_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "batch_species"
        ordering = ["name"]


class LifeCycleStage(models.Model):
    """LifeCycleStage (batch_lifecyclestage) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    species = models.ForeignKey(
        "batch.Species", on_delete=models.CASCADE, related_name="lifecycle_stages"
    )
    order = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)
    expected_weight_min_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    expected_weight_max_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    expected_length_min_cm = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    expected_length_max_cm = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    typical_duration_days = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "batch_lifecyclestage"
        ordering = ["species", "order"]
        unique_together = [("species", "order")]


class Batch(models.Model):
    """Batch (batch_batch) of the reference schema."""

    batch_number = models.CharField(max_length=50, unique=True)
    species = models.ForeignKey("batch.Species", on_delete=models.PROTECT, related_name="batches")
    lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage", on_delete=models.PROTECT, related_name="batches"
    )
    status = models.CharField(
        max_length=20,
        default="ACTIVE",
        choices=[
            ("PLANNED", "Planned"),
            ("RECEIVING", "Receiving"),
            ("ACTIVE", "Active"),
            ("COMPLETED", "Completed"),
            ("TERMINATED", "Terminated"),
            ("CANCELLED", "Cancelled"),
        ],
    )
    batch_type = models.CharField(
        max_length=20, default="STANDARD", choices=[("STANDARD", "Standard"), ("MIXED", "Mixed")]
    )
    start_date = models.DateField()
    expected_end_date = models.DateField(null=True, blank=True)
    actual_end_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    pinned_projection_run = models.ForeignKey(
        "scenario.ProjectionRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pinned_batches",
    )
    history = HistoricalRecords()

    @property
    def containers(self) -> models.QuerySet:
        """Distinct containers that hold an active assignment of this batch."""
        container_model = apps.get_model("infrastructure", "Container")
        return container_model.objects.filter(
            container_assignments__batch=self, container_assignments__is_active=True
        ).distinct()

    @property
    def is_mixed(self) -> bool:
        """True for a MIXED batch (created when fish of several batches share a container)."""
        return self.batch_type == "MIXED"

    @property
    def component_batches(self) -> list[Batch]:
        """Source batches of a mixed batch, from BatchComposition (empty for a standard one)."""
        if not self.is_mixed or self.pk is None:
            return []
        return [c.source_batch for c in self.components.select_related("source_batch")]

    def _active_assignments(self) -> models.QuerySet:
        """This batch's active assignments: where its fish are now."""
        return self.batch_assignments.filter(is_active=True)

    @property
    def calculated_population_count(self) -> int:
        """Fish alive now: the sum of population_count over active assignments."""
        if self.pk is None:
            return 0
        return self._active_assignments().aggregate(n=Sum("population_count"))["n"] or 0

    @property
    def calculated_avg_weight_g(self) -> Decimal:
        """Population-weighted mean weight (g) over active, populated, weighed assignments."""
        if self.pk is None:
            return derive.ZERO
        rows = (
            self._active_assignments()
            .filter(population_count__gt=0, avg_weight_g__isnull=False)
            .values_list("population_count", "avg_weight_g")
        )
        population = sum(pop for pop, _ in rows)
        if not population:
            return derive.ZERO
        weighted = sum(Decimal(pop) * weight for pop, weight in rows)
        return derive.quantize(weighted / population)

    @property
    def calculated_biomass_kg(self) -> Decimal:
        """Biomass now (kg): the sum of biomass_kg over active assignments."""
        if self.pk is None:
            return derive.ZERO
        total = self._active_assignments().aggregate(kg=Sum("biomass_kg"))["kg"]
        return derive.quantize(total) if total is not None else derive.ZERO

    def get_baseline_scenario(self) -> models.Model:
        """The pinned run's scenario, else the first linked scenario; never creates one."""
        if self.pinned_projection_run_id is not None:
            return self.pinned_projection_run.scenario
        scenario = self.scenarios.first() if self.pk is not None else None
        if scenario is None:
            raise apps.get_model("scenario", "Scenario").DoesNotExist(
                f"Batch {self.batch_number} has no pinned projection run and no scenario."
            )
        return scenario

    class Meta:
        db_table = "batch_batch"


class BatchContainerAssignment(models.Model):
    """BatchContainerAssignment (batch_batchcontainerassignment) of the reference schema."""

    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="batch_assignments"
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="container_assignments"
    )
    lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage", on_delete=models.PROTECT, related_name="container_assignments"
    )
    population_count = models.PositiveIntegerField()
    avg_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    biomass_kg = models.DecimalField(max_digits=10, decimal_places=2)
    assignment_date = models.DateField()
    departure_date = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    last_weighing_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def expected_departure_date(self) -> dt.date | None:
        """Departure date if set, else assignment date + the stage's typical duration."""
        duration = self.lifecycle_stage.typical_duration_days if self.lifecycle_stage_id else None
        return derive.expected_departure_date(self.assignment_date, self.departure_date, duration)

    def save(self, *args, **kwargs) -> None:
        """Derive biomass_kg; refuse STRUCTURAL containers and locked finance periods."""
        weight = self.avg_weight_g
        if weight is not None and derive.to_decimal(weight) > 0:
            self.biomass_kg = derive.biomass_kg(self.population_count, weight)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "biomass_kg" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "biomass_kg"]
        elif self.biomass_kg is None:
            self.biomass_kg = derive.ZERO
        if self.container_id is not None and self.container.hierarchy_role == "STRUCTURAL":
            raise ValidationError(
                {"container": "Fish cannot be assigned to a STRUCTURAL container (a rack)."}
            )
        field = "departure_date" if self.departure_date else "assignment_date"
        ensure_period_open(self.container_id, getattr(self, field), field)
        super().save(*args, **kwargs)

    class Meta:
        db_table = "batch_batchcontainerassignment"
        ordering = ["-assignment_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "container"],
                name="unique_active_batch_container",
                condition=models.Q(("is_active", True)),
            ),
        ]


class BatchComposition(models.Model):
    """BatchComposition (batch_batchcomposition) of the reference schema."""

    mixed_batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="components"
    )
    source_batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="mixed_into"
    )
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    population_count = models.PositiveIntegerField()
    biomass_kg = models.DecimalField(max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "batch_batchcomposition"
        ordering = ["-percentage"]


class BatchTransferWorkflow(models.Model):
    """BatchTransferWorkflow (batch_batchtransferworkflow) of the reference schema."""

    workflow_number = models.CharField(max_length=50, unique=True)
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.PROTECT, related_name="transfer_workflows"
    )
    planned_activity = models.OneToOneField(
        "planning.PlannedActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spawned_workflow",
    )
    workflow_type = models.CharField(
        max_length=30,
        default="LIFECYCLE_TRANSITION",
        choices=[
            ("LIFECYCLE_TRANSITION", "Lifecycle transition"),
            ("CONTAINER_REDISTRIBUTION", "Container redistribution"),
            ("EMERGENCY_CASCADE", "Emergency cascade"),
        ],
    )
    source_lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage", on_delete=models.PROTECT, related_name="workflows_as_source"
    )
    dest_lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workflows_as_destination",
    )
    status = models.CharField(
        max_length=20,
        default="DRAFT",
        choices=[
            ("DRAFT", "Draft"),
            ("PLANNED", "Planned"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("CANCELLED", "Cancelled"),
        ],
    )
    planned_start_date = models.DateField()
    planned_completion_date = models.DateField(null=True, blank=True)
    actual_start_date = models.DateField(null=True, blank=True)
    actual_completion_date = models.DateField(null=True, blank=True)
    total_source_count = models.PositiveIntegerField(default=0)
    total_transferred_count = models.PositiveIntegerField(default=0)
    total_mortality_count = models.PositiveIntegerField(default=0)
    total_biomass_kg = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    total_actions_planned = models.PositiveIntegerField(default=0)
    actions_completed = models.PositiveIntegerField(default=0)
    completion_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_dynamic_execution = models.BooleanField(default=False)
    dynamic_route_mode = models.CharField(
        max_length=32,
        null=True,
        blank=True,
        choices=[
            ("DIRECT_STATION_TO_VESSEL", "Direct station to vessel"),
            ("VIA_TRUCK_TO_VESSEL", "Via truck to vessel"),
        ],
    )
    estimated_total_count = models.PositiveIntegerField(null=True, blank=True)
    estimated_total_biomass_kg = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_intercompany = models.BooleanField(default=False)
    source_subsidiary = models.CharField(max_length=20, null=True, blank=True)
    dest_subsidiary = models.CharField(max_length=20, null=True, blank=True)
    finance_transaction = models.ForeignKey(
        "finance.IntercompanyTransaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_workflows",
    )
    initiated_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="initiated_transfer_workflows"
    )
    completed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completed_transfer_workflows",
    )
    dynamic_completed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dynamically_completed_transfer_workflows",
    )
    dynamic_completed_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    cancellation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def is_vessel_transfer(self) -> bool:
        """True if any action moves fish out of or into a tank of a VESSEL carrier."""
        if self.pk is None:
            return False
        vessel = "VESSEL"
        return self.actions.filter(
            Q(source_assignment__container__carrier__carrier_type=vessel)
            | Q(dest_assignment__container__carrier__carrier_type=vessel)
            | Q(dest_container__carrier__carrier_type=vessel)
        ).exists()

    def infer_dynamic_execution(self) -> bool:
        """True for station-to-sea lifecycle transitions (judged by the stage names)."""
        source = self.source_lifecycle_stage.name if self.source_lifecycle_stage_id else None
        dest = self.dest_lifecycle_stage.name if self.dest_lifecycle_stage_id else None
        return derive.infer_dynamic_execution(self.workflow_type, source, dest)

    def can_add_actions(self) -> bool:
        """Dynamic workflows take actions while IN_PROGRESS, others in DRAFT or PLANNED."""
        if self.is_dynamic_execution:
            return self.status == "IN_PROGRESS"
        return self.status in ("DRAFT", "PLANNED")

    def can_execute_actions(self) -> bool:
        """Actions run only in PLANNED or IN_PROGRESS workflows."""
        return self.status in ("PLANNED", "IN_PROGRESS")

    def can_cancel(self) -> bool:
        """Any workflow that is not COMPLETED or CANCELLED yet can be cancelled."""
        return self.status not in ("COMPLETED", "CANCELLED")

    def get_allowed_leg_types(self) -> list[str]:
        """Transport legs the dynamic route mode allows."""
        return derive.allowed_leg_types(self.dynamic_route_mode)

    def recalculate_totals(self) -> None:
        """Recompute the totals from the actions (transferred/mortality/biomass: COMPLETED only)."""
        actions = list(self.actions.all())
        done = [a for a in actions if a.status == "COMPLETED"]
        self.total_source_count = sum(a.source_population_before for a in actions)
        self.total_transferred_count = sum(a.transferred_count for a in done)
        self.total_mortality_count = sum(a.mortality_during_transfer for a in done)
        self.total_biomass_kg = sum((a.transferred_biomass_kg for a in done), derive.ZERO)
        self.save(
            update_fields=[
                "total_source_count",
                "total_transferred_count",
                "total_mortality_count",
                "total_biomass_kg",
                "updated_at",
            ]
        )

    def update_progress(self) -> None:
        """Recompute completion_percentage: actions done / planned, or moved / estimated if dynamic."""
        if self.is_dynamic_execution:
            self.recalculate_totals()
            if self.estimated_total_count:
                pct = derive.completion_percentage(
                    self.total_transferred_count, self.estimated_total_count
                )
            elif self.estimated_total_biomass_kg:
                ratio = derive.to_decimal(self.total_biomass_kg) / self.estimated_total_biomass_kg
                pct = min(derive.quantize(ratio * 100), Decimal("100.00"))
            else:
                pct = derive.ZERO
        else:
            pct = derive.completion_percentage(self.actions_completed, self.total_actions_planned)
        self.completion_percentage = pct
        self.save(update_fields=["actions_completed", "completion_percentage", "updated_at"])

    def save(self, *args, **kwargs) -> None:
        """On creation, switch station-to-sea lifecycle transfers to dynamic execution."""
        if self._state.adding and not self.is_dynamic_execution:
            self.is_dynamic_execution = self.infer_dynamic_execution()
        super().save(*args, **kwargs)

    class Meta:
        db_table = "batch_batchtransferworkflow"
        ordering = ["-created_at"]
        verbose_name = "Batch Transfer Workflow"
        indexes = [
            models.Index(fields=["batch", "status"], name="batch_batch_batch_i_01b738_idx"),
            models.Index(fields=["planned_start_date"], name="batch_batch_planned_bc83d0_idx"),
            models.Index(fields=["workflow_type"], name="batch_batch_workflo_faef0d_idx"),
            models.Index(fields=["status"], name="batch_batch_status_97e7a3_idx"),
        ]


class TransferAction(models.Model):
    """TransferAction (batch_transferaction) of the reference schema."""

    workflow = models.ForeignKey(
        "batch.BatchTransferWorkflow", on_delete=models.CASCADE, related_name="actions"
    )
    action_number = models.PositiveIntegerField()
    source_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        related_name="transfer_actions_as_source",
    )
    dest_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_actions_as_dest",
    )
    dest_container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_actions_as_dest_container",
    )
    source_population_before = models.PositiveIntegerField()
    transferred_count = models.PositiveIntegerField()
    mortality_during_transfer = models.PositiveIntegerField(default=0)
    transferred_biomass_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    allow_mixed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20,
        default="PENDING",
        choices=[
            ("PENDING", "Pending"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("FAILED", "Failed"),
            ("SKIPPED", "Skipped"),
        ],
    )
    leg_type = models.CharField(
        max_length=32,
        null=True,
        blank=True,
        choices=[
            ("STATION_TO_VESSEL", "Station to vessel"),
            ("STATION_TO_TRUCK", "Station to truck"),
            ("TRUCK_TO_VESSEL", "Truck to vessel"),
            ("VESSEL_TO_RING", "Vessel to ring"),
        ],
    )
    created_via = models.CharField(
        max_length=20,
        default="PLANNED",
        choices=[("PLANNED", "Planned"), ("DYNAMIC_LIVE", "Dynamic live")],
    )
    planned_date = models.DateField(null=True, blank=True)
    actual_execution_date = models.DateField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    transfer_method = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        choices=[("NET", "Net"), ("PUMP", "Pump"), ("GRAVITY", "Gravity"), ("MANUAL", "Manual")],
    )
    water_temp_c = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    oxygen_level = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    measured_avg_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    measured_std_dev_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    measured_sample_size = models.PositiveIntegerField(null=True, blank=True)
    measured_avg_length_cm = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    measured_notes = models.TextField(blank=True)
    selection_method = models.CharField(
        max_length=16,
        blank=True,
        default="AVERAGE",
        choices=[("AVERAGE", "Average"), ("LARGEST", "Largest"), ("SMALLEST", "Smallest")],
    )
    executed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executed_transfer_actions",
    )
    execution_duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Positive count within the source population, a destination, an open workflow."""
        super().clean()
        errors: dict[str, str] = {}
        if self._state.adding and self.workflow_id is not None:
            workflow = self.workflow
            live_handoff = (
                workflow.is_dynamic_execution
                and self.status == "IN_PROGRESS"
                and self.created_via == "DYNAMIC_LIVE"
            )
            if not workflow.can_add_actions() and not live_handoff:
                errors["workflow"] = (
                    f"Cannot add actions to a workflow in {workflow.status} status."
                )
        if self.transferred_count is not None:
            if self.transferred_count <= 0:
                errors["transferred_count"] = "Transferred count must be greater than zero."
            elif self.source_assignment_id is not None:
                available = self.source_assignment.population_count
                if self.transferred_count > available:
                    errors["transferred_count"] = (
                        f"Cannot transfer {self.transferred_count} fish from an assignment "
                        f"holding {available}."
                    )
        if self.dest_assignment_id is None and self.dest_container_id is None:
            errors["dest_container"] = (
                "A destination assignment or destination container is required."
            )
        elif (
            self.dest_assignment_id is not None
            and self.dest_container_id is not None
            and self.dest_assignment.container_id != self.dest_container_id
        ):
            errors["dest_container"] = (
                "Destination assignment and destination container must match."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Number a new action after the workflow's last one when no number is given."""
        if self.action_number is None and self.workflow_id is not None:
            last = (
                type(self)
                .objects.filter(workflow_id=self.workflow_id)
                .aggregate(n=Max("action_number"))["n"]
            )
            self.action_number = (last or 0) + 1
        super().save(*args, **kwargs)

    class Meta:
        db_table = "batch_transferaction"
        ordering = ["workflow", "action_number"]
        verbose_name = "Transfer Action"
        unique_together = [("workflow", "action_number")]
        indexes = [
            models.Index(fields=["workflow", "status"], name="batch_trans_workflo_34b086_idx"),
            models.Index(fields=["actual_execution_date"], name="batch_trans_actual__96ce99_idx"),
            models.Index(fields=["status"], name="batch_trans_status_d4e717_idx"),
        ]


class BatchCreationWorkflow(models.Model):
    """BatchCreationWorkflow (batch_creationworkflow) of the reference schema."""

    workflow_number = models.CharField(max_length=50, unique=True)
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="creation_workflows"
    )
    status = models.CharField(
        max_length=20,
        default="DRAFT",
        choices=[
            ("DRAFT", "Draft"),
            ("PLANNED", "Planned"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("CANCELLED", "Cancelled"),
        ],
    )
    egg_source_type = models.CharField(
        max_length=20, choices=[("INTERNAL", "Internal"), ("EXTERNAL", "External")]
    )
    egg_production = models.ForeignKey(
        "broodstock.EggProduction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="creation_workflows",
    )
    external_supplier = models.ForeignKey(
        "broodstock.EggSupplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="creation_workflows",
    )
    external_supplier_batch_number = models.CharField(max_length=100, blank=True)
    external_cost_per_thousand = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    total_eggs_planned = models.PositiveIntegerField()
    total_eggs_received = models.PositiveIntegerField(default=0)
    total_mortality_on_arrival = models.PositiveIntegerField(default=0)
    planned_start_date = models.DateField()
    planned_completion_date = models.DateField()
    actual_start_date = models.DateField(null=True, blank=True)
    actual_completion_date = models.DateField(null=True, blank=True)
    total_actions = models.PositiveIntegerField(default=0)
    actions_completed = models.PositiveIntegerField(default=0)
    progress_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="created_creation_workflows"
    )
    cancellation_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cancelled_creation_workflows",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """INTERNAL eggs need an egg production and no supplier, EXTERNAL the reverse."""
        super().clean()
        errors: dict[str, str] = {}
        if self.egg_source_type == "INTERNAL":
            if self.egg_production_id is None:
                errors["egg_production"] = "Internal eggs require an egg production."
            if self.external_supplier_id is not None:
                errors["external_supplier"] = "Internal eggs cannot have an external supplier."
        elif self.egg_source_type == "EXTERNAL":
            if self.external_supplier_id is None:
                errors["external_supplier"] = "External eggs require an external supplier."
            if self.egg_production_id is not None:
                errors["egg_production"] = "External eggs cannot link a broodstock egg production."
        if self.status == "CANCELLED" and not (self.cancellation_reason or "").strip():
            errors["cancellation_reason"] = "A cancelled workflow needs a cancellation reason."
        if errors:
            raise ValidationError(errors)

    def can_cancel(self) -> bool:
        """Cancellable only in DRAFT or PLANNED and before any delivery was executed."""
        return self.status in ("DRAFT", "PLANNED") and self.actions_completed == 0

    def update_progress(self) -> None:
        """Recompute progress_percentage = actions completed / total actions × 100 and save it."""
        self.progress_percentage = derive.completion_percentage(
            self.actions_completed, self.total_actions
        )
        self.save(update_fields=["actions_completed", "progress_percentage", "updated_at"])

    class Meta:
        db_table = "batch_creationworkflow"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status"], name="batch_creat_status_b5c8e8_idx"),
            models.Index(fields=["egg_source_type"], name="batch_creat_egg_sou_1926d2_idx"),
            models.Index(fields=["planned_start_date"], name="batch_creat_planned_60a745_idx"),
        ]


class CreationAction(models.Model):
    """CreationAction (batch_creationaction) of the reference schema."""

    workflow = models.ForeignKey(
        "batch.BatchCreationWorkflow", on_delete=models.CASCADE, related_name="actions"
    )
    action_number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20,
        default="PENDING",
        choices=[
            ("PENDING", "Pending"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("FAILED", "Failed"),
            ("SKIPPED", "Skipped"),
        ],
    )
    dest_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        related_name="creation_actions_as_dest",
    )
    egg_count_planned = models.PositiveIntegerField()
    egg_count_actual = models.PositiveIntegerField(null=True, blank=True)
    mortality_on_arrival = models.PositiveIntegerField(default=0)
    expected_delivery_date = models.DateField()
    actual_delivery_date = models.DateField(null=True, blank=True)
    delivery_method = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        choices=[
            ("TRANSPORT", "Transport"),
            ("HELICOPTER", "Helicopter"),
            ("BOAT", "Boat"),
            ("INTERNAL_TRANSFER", "Internal transfer"),
        ],
    )
    water_temp_on_arrival = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    egg_quality_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    execution_duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    executed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="executed_creation_actions",
    )
    notes = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def dest_container_name(self) -> str | None:
        """Name of the tray or tank the eggs are delivered to."""
        return self.dest_assignment.container.name if self.dest_assignment_id else None

    class Meta:
        db_table = "batch_creationaction"
        ordering = ["workflow", "action_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "action_number"], name="creation_action_workflow_number_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["workflow", "status"], name="batch_creat_workflo_eea6dc_idx"),
            models.Index(fields=["expected_delivery_date"], name="batch_creat_expecte_8f0f08_idx"),
        ]


class MortalityEvent(models.Model):
    """MortalityEvent (batch_mortalityevent) of the reference schema."""

    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.PROTECT, related_name="mortality_events"
    )
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mortality_events",
    )
    event_date = models.DateField()
    count = models.PositiveIntegerField()
    biomass_kg = models.DecimalField(max_digits=10, decimal_places=2)
    cause = models.CharField(
        max_length=20,
        default="UNKNOWN",
        choices=[
            ("DISEASE", "Disease"),
            ("HANDLING", "Handling"),
            ("PREDATION", "Predation"),
            ("ENVIRONMENTAL", "Environmental"),
            ("UNKNOWN", "Unknown"),
            ("OTHER", "Other"),
        ],
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """The assignment, when given, must belong to the event's batch."""
        super().clean()
        if (
            self.assignment_id is not None
            and self.batch_id is not None
            and self.assignment.batch_id != self.batch_id
        ):
            raise ValidationError(
                {"assignment": "The assignment must belong to the mortality event's batch."}
            )

    def save(self, *args, **kwargs) -> None:
        """Validate (clean) and refuse locked finance periods; population is not changed."""
        self.clean()
        container_id = self.assignment.container_id if self.assignment_id else None
        ensure_period_open(container_id, self.event_date, "event_date")
        super().save(*args, **kwargs)

    class Meta:
        db_table = "batch_mortalityevent"


class GrowthSample(models.Model):
    """GrowthSample (batch_growthsample) of the reference schema."""

    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.CASCADE, related_name="growth_samples"
    )
    sample_date = models.DateField()
    sample_size = models.PositiveIntegerField()
    avg_weight_g = models.DecimalField(max_digits=10, decimal_places=2)
    avg_length_cm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    std_deviation_weight = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    std_deviation_length = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    min_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_weight_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    condition_factor = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def calculate_condition_factor(self) -> Decimal | None:
        """K = 100 × avg_weight_g / avg_length_cm³ (2 decimals); None without a length."""
        return derive.condition_factor(self.avg_weight_g, self.avg_length_cm)

    def calculate_aggregates(self, save: bool = True) -> None:
        """Fill size, weight/length stats and mean K from the individual observations."""
        pairs = list(self.individual_observations.values_list("weight_g", "length_cm"))
        if not pairs:
            return
        weights = derive.sample_stats([w for w, _ in pairs])
        lengths = derive.sample_stats([length for _, length in pairs])
        self.sample_size = len(pairs)
        self.avg_weight_g = weights.mean
        self.std_deviation_weight = weights.std
        self.min_weight_g = weights.minimum
        self.max_weight_g = weights.maximum
        self.avg_length_cm = lengths.mean
        self.std_deviation_length = lengths.std
        self.condition_factor = derive.mean_condition_factor(pairs)
        if save:
            self.save()

    def save(self, *args, **kwargs) -> None:
        """Fill a missing condition factor from the averages; refuse locked finance periods."""
        if self.condition_factor is None:
            self.condition_factor = self.calculate_condition_factor()
        container_id = self.assignment.container_id if self.assignment_id else None
        ensure_period_open(container_id, self.sample_date, "sample_date")
        super().save(*args, **kwargs)

    class Meta:
        db_table = "batch_growthsample"
        ordering = ["assignment", "-sample_date"]


class IndividualGrowthObservation(models.Model):
    """IndividualGrowthObservation (batch_individualgrowthobservation) of the reference schema."""

    growth_sample = models.ForeignKey(
        "batch.GrowthSample", on_delete=models.CASCADE, related_name="individual_observations"
    )
    fish_identifier = models.CharField(max_length=50)
    weight_g = models.DecimalField(max_digits=10, decimal_places=2)
    length_cm = models.DecimalField(max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "batch_individualgrowthobservation"
        ordering = ["growth_sample", "fish_identifier"]
        verbose_name = "Individual Growth Observation"
        unique_together = [("growth_sample", "fish_identifier")]


class BatchMixEvent(models.Model):
    """BatchMixEvent (batch_batchmixevent) of the reference schema."""

    mixed_batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="mix_events"
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.PROTECT, related_name="mix_events"
    )
    workflow_action = models.ForeignKey(
        "batch.TransferAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mix_events",
    )
    mixed_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "batch_batchmixevent"
        ordering = ["-mixed_at", "-id"]
        indexes = [
            models.Index(fields=["mixed_batch", "mixed_at"], name="batch_batch_mixed_b_d8f8a8_idx"),
            models.Index(fields=["container", "mixed_at"], name="batch_batch_contain_ac25e1_idx"),
        ]


class BatchMixEventComponent(models.Model):
    """BatchMixEventComponent (batch_batchmixeventcomponent) of the reference schema."""

    mix_event = models.ForeignKey(
        "batch.BatchMixEvent", on_delete=models.CASCADE, related_name="components"
    )
    source_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment",
        on_delete=models.PROTECT,
        related_name="mix_event_components",
    )
    source_batch = models.ForeignKey(
        "batch.Batch", on_delete=models.PROTECT, related_name="mix_event_contributions"
    )
    population_count = models.PositiveIntegerField()
    biomass_kg = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_transferred_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """source_batch must be the batch of source_assignment (it is a snapshot of it)."""
        super().clean()
        if (
            self.source_assignment_id is not None
            and self.source_batch_id is not None
            and self.source_assignment.batch_id != self.source_batch_id
        ):
            raise ValidationError(
                {"source_batch": "source_batch must be the batch of source_assignment."}
            )

    class Meta:
        db_table = "batch_batchmixeventcomponent"
        ordering = ["-population_count", "-id"]
        indexes = [
            models.Index(
                fields=["mix_event", "source_batch"], name="batch_batch_mix_eve_9c67ba_idx"
            ),
            models.Index(fields=["source_assignment"], name="batch_batch_source__c06fcd_idx"),
        ]


class ActualDailyAssignmentState(models.Model):
    """ActualDailyAssignmentState (batch_actualdailyassignmentstate) of the reference schema."""

    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.CASCADE, related_name="daily_states"
    )
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="daily_states")
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="daily_states"
    )
    lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage", on_delete=models.PROTECT, related_name="daily_states"
    )
    date = models.DateField(db_index=True)
    day_number = models.PositiveIntegerField()
    avg_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    population = models.PositiveIntegerField()
    biomass_kg = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    temp_c = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    mortality_count = models.PositiveIntegerField(default=0)
    feed_kg = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    observed_fcr = models.DecimalField(
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.000"))],
    )
    anchor_type = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        choices=[
            ("growth_sample", "Growth sample"),
            ("transfer", "Transfer"),
            ("vaccination", "Vaccination"),
            ("manual", "Manual"),
            ("planned_activity", "Planned activity"),
        ],
    )
    planned_activity = models.ForeignKey(
        "planning.PlannedActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anchored_daily_states",
    )
    sources = models.JSONField(default=dict)
    confidence_scores = models.JSONField(default=dict)
    last_computed_at = models.DateTimeField(auto_now=True)

    @property
    def confidence_overall(self) -> float:
        """The weakest component confidence (0–1); 0.0 without scores."""
        return derive.confidence_overall(self.confidence_scores)

    @property
    def days_since_anchor(self) -> int | None:
        """Days since the assignment's latest anchor day on or before this date (0 on one)."""
        if self.anchor_type:
            return 0
        if self.assignment_id is None or self.date is None:
            return None
        last = (
            type(self)
            .objects.filter(assignment_id=self.assignment_id, date__lte=self.date)
            .exclude(Q(anchor_type__isnull=True) | Q(anchor_type=""))
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        return (self.date - last).days if last is not None else None

    class Meta:
        db_table = "batch_actualdailyassignmentstate"
        ordering = ["date"]
        verbose_name = "Actual Daily Assignment State"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "date"], name="unique_assignment_date"),
        ]
        indexes = [
            models.Index(fields=["assignment", "date"], name="idx_assignment_date"),
            models.Index(fields=["batch", "date"], name="idx_batch_date"),
            models.Index(fields=["date"], name="idx_date"),
            models.Index(fields=["anchor_type"], name="idx_anchor_type"),
        ]


class LiveForwardProjection(models.Model):
    """LiveForwardProjection (batch_liveforwardprojection) of the reference schema."""

    computed_date = models.DateField(db_index=True)
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.CASCADE, related_name="live_projections"
    )
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="live_projections"
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="live_projections"
    )
    projection_date = models.DateField(db_index=True)
    day_number = models.PositiveIntegerField()
    projected_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    projected_population = models.PositiveIntegerField()
    projected_biomass_kg = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    temperature_used_c = models.DecimalField(max_digits=5, decimal_places=2)
    tgc_value_used = models.DecimalField(max_digits=8, decimal_places=4)
    temp_profile_id = models.PositiveIntegerField(null=True, blank=True)
    temp_profile_name = models.CharField(max_length=255, blank=True, default="")
    temp_bias_c = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    temp_bias_window_days = models.PositiveIntegerField(default=14)
    temp_bias_clamp_min_c = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("-2.00")
    )
    temp_bias_clamp_max_c = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("2.00")
    )

    class Meta:
        db_table = "batch_liveforwardprojection"
        ordering = ["projection_date"]
        verbose_name = "Live Forward Projection"
        indexes = [
            models.Index(
                fields=["computed_date", "assignment"], name="idx_lfp_computed_assignment"
            ),
            models.Index(fields=["computed_date", "batch"], name="idx_lfp_computed_batch"),
            models.Index(
                fields=["computed_date", "assignment", "projection_date"],
                name="idx_lfp_assignment_projdate",
            ),
            models.Index(
                fields=["projection_date", "projected_weight_g"], name="idx_lfp_projdate_weight"
            ),
        ]


class ContainerForecastSummary(models.Model):
    """ContainerForecastSummary (batch_containerforecastsummary) of the reference schema."""

    assignment = models.OneToOneField(
        "batch.BatchContainerAssignment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forecast_summary",
    )
    current_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    current_population = models.PositiveIntegerField()
    current_biomass_kg = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    state_date = models.DateField()
    state_day_number = models.PositiveIntegerField()
    state_confidence = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0.00"))
    projected_harvest_date = models.DateField(null=True, blank=True)
    projected_harvest_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    days_to_harvest = models.PositiveIntegerField(null=True, blank=True)
    harvest_threshold_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    projected_transfer_date = models.DateField(null=True, blank=True)
    projected_transfer_weight_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    days_to_transfer = models.PositiveIntegerField(null=True, blank=True)
    transfer_threshold_g = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    original_harvest_date = models.DateField(null=True, blank=True)
    harvest_variance_days = models.IntegerField(null=True, blank=True)
    has_planned_harvest = models.BooleanField(default=False)
    has_planned_transfer = models.BooleanField(default=False)
    needs_planning_attention = models.BooleanField(default=False)
    temp_profile_name = models.CharField(max_length=255, blank=True, default="")
    temp_bias_c = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    temp_bias_window_days = models.PositiveIntegerField(default=14)
    last_computed = models.DateTimeField(auto_now=True)
    computed_date = models.DateField(null=True, blank=True)

    @property
    def tier(self) -> str:
        """PLANNED if a harvest/transfer is planned, else NEEDS_PLANNING if flagged, else PROJECTED."""
        return derive.forecast_tier(
            self.has_planned_harvest, self.has_planned_transfer, self.needs_planning_attention
        )

    class Meta:
        db_table = "batch_containerforecastsummary"
        verbose_name = "Container Forecast Summary"
        indexes = [
            models.Index(fields=["needs_planning_attention"], name="idx_cfs_needs_attention"),
            models.Index(fields=["projected_harvest_date"], name="idx_cfs_harvest_date"),
            models.Index(fields=["projected_transfer_date"], name="idx_cfs_transfer_date"),
        ]

"""Models of the `planning` app, matching SCHEMA.md field by field."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PlannedActivity(models.Model):
    """PlannedActivity (planning_plannedactivity) of the reference schema."""

    scenario = models.ForeignKey(
        "scenario.Scenario", on_delete=models.CASCADE, related_name="planned_activities"
    )
    batch = models.ForeignKey(
        "batch.Batch", on_delete=models.CASCADE, related_name="planned_activities"
    )
    activity_type = models.CharField(
        max_length=50,
        choices=[
            ("VACCINATION", "Vaccination"),
            ("TREATMENT", "Treatment"),
            ("CULL", "Cull"),
            ("HARVEST", "Harvest"),
            ("SALE", "Sale"),
            ("FEED_CHANGE", "Feed change"),
            ("TRANSFER", "Transfer"),
            ("MAINTENANCE", "Maintenance"),
            ("SAMPLING", "Sampling"),
            ("OTHER", "Other"),
        ],
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=20,
        default="PENDING",
        choices=[
            ("PENDING", "Pending"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("CANCELLED", "Cancelled"),
        ],
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.SET_NULL, null=True, blank=True
    )
    notes = models.TextField(null=True, blank=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="created_planned_activities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completed_planned_activities",
    )
    transfer_workflow = models.ForeignKey(
        "batch.BatchTransferWorkflow", on_delete=models.SET_NULL, null=True, blank=True
    )
    history = HistoricalRecords()

    @property
    def is_overdue(self) -> bool:
        """True for a PENDING activity whose due date lies before today."""
        return self.status == "PENDING" and self.due_date < timezone.localdate()

    def mark_completed(self, user: models.Model) -> None:
        """Complete the activity now as ``user``; refused once COMPLETED or CANCELLED."""
        if self.status in ("COMPLETED", "CANCELLED"):
            raise ValidationError({"status": f"A {self.status} activity cannot be completed."})
        self.status = "COMPLETED"
        self.completed_at = timezone.now()
        self.completed_by = user
        self.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])

    def spawn_transfer_workflow(self, initiated_by: models.Model | None = None) -> models.Model:
        """Create this TRANSFER activity's BatchTransferWorkflow (once) and start the activity."""
        if self.activity_type != "TRANSFER":
            raise ValidationError({"activity_type": "Only TRANSFER activities spawn workflows."})
        if self.transfer_workflow_id is not None:
            raise ValidationError({"transfer_workflow": "A workflow was already spawned."})
        workflow_model = apps.get_model("batch", "BatchTransferWorkflow")
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        workflow = workflow_model.objects.create(
            workflow_number=f"TRF-PA-{self.pk}-{stamp}",
            batch=self.batch,
            planned_activity=self,
            workflow_type="LIFECYCLE_TRANSITION",
            source_lifecycle_stage=self.batch.lifecycle_stage,
            planned_start_date=self.due_date,
            initiated_by=initiated_by or self.created_by,
            notes=f"Spawned from planned activity {self.pk}.",
        )
        self.transfer_workflow = workflow
        self.status = "IN_PROGRESS"
        self.save(update_fields=["transfer_workflow", "status", "updated_at"])
        return workflow

    class Meta:
        db_table = "planning_plannedactivity"
        ordering = ["due_date", "created_at"]
        verbose_name = "Planned Activity"
        indexes = [
            models.Index(fields=["scenario", "due_date"], name="idx_pa_scenario_due_date"),
            models.Index(fields=["batch", "status"], name="idx_pa_batch_status"),
            models.Index(fields=["activity_type", "status"], name="idx_pa_type_status"),
        ]


class ActivityTemplate(models.Model):
    """ActivityTemplate (planning_activitytemplate) of the reference schema."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(null=True, blank=True)
    activity_type = models.CharField(
        max_length=50,
        choices=[
            ("VACCINATION", "Vaccination"),
            ("TREATMENT", "Treatment"),
            ("CULL", "Cull"),
            ("HARVEST", "Harvest"),
            ("SALE", "Sale"),
            ("FEED_CHANGE", "Feed change"),
            ("TRANSFER", "Transfer"),
            ("MAINTENANCE", "Maintenance"),
            ("SAMPLING", "Sampling"),
            ("OTHER", "Other"),
        ],
    )
    trigger_type = models.CharField(
        max_length=20,
        choices=[
            ("DAY_OFFSET", "Day offset"),
            ("WEIGHT_THRESHOLD", "Weight threshold"),
            ("STAGE_TRANSITION", "Stage transition"),
        ],
    )
    day_offset = models.IntegerField(null=True, blank=True)
    weight_threshold_g = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    target_lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="target_templates",
    )
    notes_template = models.TextField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "planning_activitytemplate"
        ordering = ["name"]
        verbose_name = "Activity Template"

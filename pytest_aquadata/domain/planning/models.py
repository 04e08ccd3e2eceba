"""Models of the `planning` app, matching SCHEMA.md field by field."""

from django.db import models
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

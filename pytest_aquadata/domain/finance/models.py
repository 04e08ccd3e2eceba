"""Models of the `finance` app, matching SCHEMA.md field by field."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pytest_aquadata.domain._validation import full_clean_without_queries

#: Display prefixes of workflow sources of an intercompany transaction, by model name.
_WORKFLOW_LABELS = {"batchtransferworkflow": "Transfer", "batchcreationworkflow": "Egg delivery"}


class DimCompany(models.Model):
    """DimCompany (finance_dimcompany) of the reference schema."""

    company_id = models.BigAutoField(primary_key=True)
    geography = models.ForeignKey(
        "infrastructure.Geography", on_delete=models.PROTECT, related_name="finance_companies"
    )
    subsidiary = models.CharField(
        max_length=3,
        choices=[("BS", "Bs"), ("FW", "Fw"), ("FM", "Fm"), ("LG", "Lg"), ("ALL", "All")],
    )
    display_name = models.CharField(max_length=150)
    currency = models.CharField(max_length=3, null=True, blank=True)
    nav_company_code = models.CharField(max_length=50, null=True, blank=True)

    class Meta:
        db_table = "finance_dimcompany"
        ordering = ["geography__name", "subsidiary"]
        verbose_name = "Finance Company"
        constraints = [
            models.UniqueConstraint(
                fields=["geography", "subsidiary"], name="dim_company_geography_subsidiary_uniq"
            ),
        ]


class DimSite(models.Model):
    """DimSite (finance_dimsite) of the reference schema."""

    site_id = models.BigAutoField(primary_key=True)
    source_model = models.CharField(
        max_length=16, choices=[("station", "Station"), ("area", "Area")]
    )
    source_pk = models.PositiveIntegerField()
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="sites"
    )
    site_name = models.CharField(max_length=150)

    class Meta:
        db_table = "finance_dimsite"
        ordering = ["site_name"]
        verbose_name = "Finance Site"
        constraints = [
            models.UniqueConstraint(
                fields=["source_model", "source_pk"], name="dim_site_source_model_pk_uniq"
            ),
        ]


class FactHarvest(models.Model):
    """FactHarvest (finance_factharvest) of the reference schema."""

    fact_id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(
        "harvest.HarvestEvent", on_delete=models.PROTECT, related_name="finance_facts"
    )
    lot = models.OneToOneField(
        "harvest.HarvestLot", on_delete=models.PROTECT, related_name="finance_fact"
    )
    event_date = models.DateTimeField(db_index=True)
    quantity_kg = models.DecimalField(max_digits=12, decimal_places=3)
    unit_count = models.PositiveIntegerField()
    product_grade = models.ForeignKey(
        "harvest.ProductGrade", on_delete=models.PROTECT, related_name="finance_facts"
    )
    dim_company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="fact_harvests"
    )
    dim_site = models.ForeignKey(
        "finance.DimSite", on_delete=models.PROTECT, related_name="fact_harvests"
    )
    dim_batch_id = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_factharvest"
        ordering = ["-event_date", "fact_id"]
        indexes = [
            models.Index(fields=["event_date"], name="ix_fact_harvest_event_date"),
            models.Index(
                fields=["dim_company", "product_grade"], name="ix_fact_harvest_company_grade"
            ),
        ]


class IntercompanyPolicy(models.Model):
    """IntercompanyPolicy (finance_intercompanypolicy) of the reference schema."""

    policy_id = models.BigAutoField(primary_key=True)
    from_company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="policies_outbound"
    )
    to_company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="policies_inbound"
    )
    pricing_basis = models.CharField(
        max_length=20,
        default="grade",
        choices=[("grade", "Grade"), ("lifecycle", "Lifecycle"), ("egg_delivery", "Egg delivery")],
    )
    product_grade = models.ForeignKey(
        "harvest.ProductGrade",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intercompany_policies",
    )
    lifecycle_stage = models.ForeignKey(
        "batch.LifeCycleStage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intercompany_policies",
    )
    method = models.CharField(
        max_length=20,
        default="standard",
        choices=[("market", "Market"), ("cost_plus", "Cost plus"), ("standard", "Standard")],
    )
    markup_percent = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    price_per_kg = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    price_per_thousand_eggs = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Pricing basis picks grade, stage or egg price; STANDARD lifecycle needs price_per_kg."""
        super().clean()
        basis = self.pricing_basis
        has_grade, has_stage = (
            self.product_grade_id is not None,
            self.lifecycle_stage_id is not None,
        )
        if basis == "grade":
            if not has_grade:
                raise ValidationError({"product_grade": "Grade pricing requires a product grade."})
            if has_stage:
                raise ValidationError(
                    {"lifecycle_stage": "Grade pricing takes no lifecycle stage."}
                )
        elif basis == "lifecycle":
            if not has_stage:
                raise ValidationError(
                    {"lifecycle_stage": "Lifecycle pricing requires a lifecycle stage."}
                )
            if has_grade:
                raise ValidationError(
                    {"product_grade": "Lifecycle pricing takes no product grade."}
                )
        elif basis == "egg_delivery":
            if not self.price_per_thousand_eggs:
                raise ValidationError(
                    {
                        "price_per_thousand_eggs": "Egg-delivery pricing requires a price per 1000 eggs."
                    }
                )
            if has_grade:
                raise ValidationError({"product_grade": "Egg-delivery pricing takes no grade."})
            if has_stage:
                raise ValidationError({"lifecycle_stage": "Egg-delivery pricing takes no stage."})
        if self.method == "standard" and basis == "lifecycle" and not self.price_per_kg:
            raise ValidationError(
                {"price_per_kg": "STANDARD lifecycle pricing requires a price per kg."}
            )

    def save(self, *args, **kwargs) -> None:
        """Validate before saving, as the reference's save() runs full_clean()."""
        full_clean_without_queries(self)
        super().save(*args, **kwargs)

    class Meta:
        db_table = "finance_intercompanypolicy"
        ordering = ["from_company__geography__name", "from_company__subsidiary", "pricing_basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_company", "to_company", "product_grade"],
                name="intercompany_policy_company_grade_uniq",
                condition=models.Q(("pricing_basis", "grade"), ("product_grade__isnull", False)),
            ),
            models.UniqueConstraint(
                fields=["from_company", "to_company", "lifecycle_stage"],
                name="intercompany_policy_company_lifecycle_uniq",
                condition=models.Q(
                    ("lifecycle_stage__isnull", False), ("pricing_basis", "lifecycle")
                ),
            ),
        ]


class IntercompanyTransaction(models.Model):
    """IntercompanyTransaction (finance_intercompanytransaction) of the reference schema."""

    tx_id = models.BigAutoField(primary_key=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveIntegerField()
    #: The source event (HarvestEvent, BatchTransferWorkflow, BatchCreationWorkflow); no column.
    source = GenericForeignKey("content_type", "object_id")
    event = models.ForeignKey(
        "harvest.HarvestEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intercompany_transactions",
    )
    policy = models.ForeignKey(
        "finance.IntercompanyPolicy", on_delete=models.PROTECT, related_name="transactions"
    )
    posting_date = models.DateField(db_index=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, null=True, blank=True)
    state = models.CharField(
        max_length=20,
        default="pending",
        choices=[("pending", "Pending"), ("posted", "Posted"), ("exported", "Exported")],
    )
    approved_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_intercompany_transactions",
    )
    approval_date = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def source_type(self) -> str:
        """Model name of the source event, e.g. "harvestevent" or "batchtransferworkflow"."""
        if self.content_type_id is not None:
            return self.content_type.model
        return "harvestevent" if self.event_id is not None else "unknown"

    @property
    def source_display(self) -> str:
        """Human-readable source: "Transfer TRF-…", "Egg delivery CRT-…" or "Harvest Event 7"."""
        kind = self.source_type
        if kind in _WORKFLOW_LABELS:
            workflow = self.source
            if workflow is not None:
                return f"{_WORKFLOW_LABELS[kind]} {workflow.workflow_number}"
        elif kind == "harvestevent":
            event_id = self.object_id if self.content_type_id is not None else self.event_id
            return f"Harvest Event {event_id}"
        return f"Unknown source {self.object_id}"

    def approve(self, user: models.Model) -> None:
        """Approve a pending transaction (pending → posted), recording who and when."""
        if self.state != "pending":
            raise ValidationError(
                {"state": f"Only pending transactions can be approved (this one is {self.state})."}
            )
        self.state = "posted"
        self.approved_by = user
        self.approval_date = timezone.now()
        self.save(update_fields=["state", "approved_by", "approval_date", "updated_at"])

    class Meta:
        db_table = "finance_intercompanytransaction"
        ordering = ["-posting_date", "tx_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "policy"],
                name="intercompany_transaction_event_policy_uniq",
                condition=models.Q(("event__isnull", False)),
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "policy"],
                name="intercompany_transaction_source_policy_uniq",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "posting_date"], name="ix_interco_state_posting"),
            models.Index(fields=["content_type", "object_id"], name="ix_interco_ct_objid"),
        ]


class NavExportBatch(models.Model):
    """NavExportBatch (finance_navexportbatch) of the reference schema."""

    batch_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="nav_export_batches"
    )
    date_from = models.DateField()
    date_to = models.DateField()
    posting_date = models.DateField()
    currency = models.CharField(max_length=3, null=True, blank=True)
    state = models.CharField(
        max_length=20, default="draft", choices=[("draft", "Draft"), ("exported", "Exported")]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_navexportbatch"
        ordering = ["-created_at", "-batch_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "date_from", "date_to"],
                name="nav_export_batch_company_daterange_uniq",
            ),
        ]


class NavExportLine(models.Model):
    """NavExportLine (finance_navexportline) of the reference schema."""

    line_id = models.BigAutoField(primary_key=True)
    batch = models.ForeignKey(
        "finance.NavExportBatch", on_delete=models.CASCADE, related_name="lines"
    )
    transaction = models.ForeignKey(
        "finance.IntercompanyTransaction", on_delete=models.PROTECT, related_name="nav_export_lines"
    )
    document_no = models.CharField(max_length=32)
    account_no = models.CharField(max_length=50)
    balancing_account_no = models.CharField(max_length=50)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.CharField(max_length=255)
    dim_company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="nav_export_lines"
    )
    dim_site = models.ForeignKey(
        "finance.DimSite", on_delete=models.PROTECT, related_name="nav_export_lines"
    )
    product_grade = models.ForeignKey(
        "harvest.ProductGrade", on_delete=models.PROTECT, related_name="nav_export_lines"
    )
    batch_id_int = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_navexportline"
        ordering = ["line_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "document_no"], name="nav_export_line_batch_document_no_uniq"
            ),
        ]

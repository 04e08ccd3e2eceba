"""Models of the `finance` app, matching SCHEMA.md field by field."""

from django.db import models
from simple_history.models import HistoricalRecords


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

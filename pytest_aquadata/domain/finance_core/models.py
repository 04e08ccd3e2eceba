"""Models of the `finance_core` app, matching SCHEMA.md field by field."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class AccountGroup(models.Model):
    """AccountGroup (finance_core_accountgroup) of the reference schema."""

    group_id = models.BigAutoField(primary_key=True)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150)
    account_type = models.CharField(
        max_length=20,
        choices=[
            ("ASSET", "Asset"),
            ("LIABILITY", "Liability"),
            ("EQUITY", "Equity"),
            ("REVENUE", "Revenue"),
            ("EXPENSE", "Expense"),
        ],
    )
    parent = models.ForeignKey(
        "finance_core.AccountGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    cost_group = models.CharField(max_length=64, null=True, blank=True)
    description = models.TextField(blank=True)
    display_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_accountgroup"
        ordering = ["account_type", "display_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cost_group"],
                name="finance_core_accountgroup_cost_group_uniq",
                condition=models.Q(("cost_group__isnull", False)),
            ),
        ]


class Account(models.Model):
    """Account (finance_core_account) of the reference schema."""

    account_id = models.BigAutoField(primary_key=True)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150)
    account_type = models.CharField(
        max_length=20,
        choices=[
            ("ASSET", "Asset"),
            ("LIABILITY", "Liability"),
            ("EQUITY", "Equity"),
            ("REVENUE", "Revenue"),
            ("EXPENSE", "Expense"),
        ],
    )
    group = models.ForeignKey(
        "finance_core.AccountGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_account"
        ordering = ["account_type", "code"]


class CostCenter(models.Model):
    """CostCenter (finance_core_costcenter) of the reference schema."""

    cost_center_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="finance_core_cost_centers"
    )
    site = models.ForeignKey(
        "finance.DimSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finance_core_cost_centers",
    )
    parent = models.ForeignKey(
        "finance_core.CostCenter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=150)
    cost_center_type = models.CharField(
        max_length=20,
        default="OTHER",
        choices=[
            ("SITE", "Site"),
            ("PROJECT", "Project"),
            ("DEPARTMENT", "Department"),
            ("OTHER", "Other"),
        ],
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Parent and site must belong to the cost centre's company; no self-parenting."""
        super().clean()
        if self.company_id is None:
            return
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                raise ValidationError({"parent": "A cost centre cannot be its own parent."})
            if self.parent.company_id != self.company_id:
                raise ValidationError(
                    {"parent": "The parent cost centre belongs to another company."}
                )
        if self.site_id is not None and self.site.company_id != self.company_id:
            raise ValidationError({"site": "The site belongs to another company."})

    def save(self, *args, **kwargs) -> None:
        """Validate with clean() before saving."""
        self.clean()
        super().save(*args, **kwargs)

    class Meta:
        db_table = "finance_core_costcenter"
        ordering = ["company__display_name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "code"], name="finance_core_costcenter_company_code_uniq"
            ),
        ]


class CostCenterBatchLink(models.Model):
    """CostCenterBatchLink (finance_core_costcenterbatchlink) of the reference schema."""

    link_id = models.BigAutoField(primary_key=True)
    cost_center = models.ForeignKey(
        "finance_core.CostCenter", on_delete=models.CASCADE, related_name="batch_links"
    )
    batch = models.OneToOneField(
        "batch.Batch", on_delete=models.CASCADE, related_name="finance_core_link"
    )
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_finance_core_batch_links",
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """A batch links only to a PROJECT cost centre."""
        super().clean()
        if self.cost_center_id is not None and self.cost_center.cost_center_type != "PROJECT":
            raise ValidationError(
                {"cost_center": "A batch can only be linked to a PROJECT cost centre."}
            )

    def save(self, *args, **kwargs) -> None:
        """Validate with clean() before saving."""
        self.clean()
        super().save(*args, **kwargs)

    class Meta:
        db_table = "finance_core_costcenterbatchlink"
        ordering = ["batch__batch_number"]


class Budget(models.Model):
    """Budget (finance_core_budget) of the reference schema."""

    budget_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="finance_core_budgets"
    )
    name = models.CharField(max_length=150)
    fiscal_year = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20,
        default="DRAFT",
        choices=[("DRAFT", "Draft"), ("ACTIVE", "Active"), ("ARCHIVED", "Archived")],
    )
    version = models.PositiveIntegerField(default=1)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_finance_core_budgets",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_budget"
        ordering = ["-fiscal_year", "company__display_name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "fiscal_year", "name", "version"],
                name="finance_core_budget_company_year_name_version_uniq",
            ),
        ]


class BudgetEntry(models.Model):
    """BudgetEntry (finance_core_budgetentry) of the reference schema."""

    entry_id = models.BigAutoField(primary_key=True)
    budget = models.ForeignKey(
        "finance_core.Budget", on_delete=models.CASCADE, related_name="entries"
    )
    account = models.ForeignKey(
        "finance_core.Account", on_delete=models.PROTECT, related_name="budget_entries"
    )
    cost_center = models.ForeignKey(
        "finance_core.CostCenter", on_delete=models.PROTECT, related_name="budget_entries"
    )
    month = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    allocated_from = models.ForeignKey(
        "finance_core.BudgetEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_budgetentry"
        ordering = ["budget__fiscal_year", "month", "account__code", "cost_center__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "account", "cost_center", "month"],
                name="finance_core_budgetentry_budget_account_costcenter_month_uniq",
            ),
        ]


class CostImportBatch(models.Model):
    """CostImportBatch (finance_core_costimportbatch) of the reference schema."""

    import_batch_id = models.BigAutoField(primary_key=True)
    year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()
    source_filename = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, blank=True)
    imported_row_count = models.PositiveIntegerField(default=0)
    total_amount = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    uploaded_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="finance_core_cost_import_batches",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_costimportbatch"
        ordering = ["-created_at"]


class CostImportLine(models.Model):
    """CostImportLine (finance_core_costimportline) of the reference schema."""

    line_id = models.BigAutoField(primary_key=True)
    import_batch = models.ForeignKey(
        "finance_core.CostImportBatch", on_delete=models.CASCADE, related_name="lines"
    )
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="finance_core_import_lines"
    )
    operating_unit = models.ForeignKey(
        "finance.DimSite", on_delete=models.PROTECT, related_name="finance_core_import_lines"
    )
    account_group = models.ForeignKey(
        "finance_core.AccountGroup", on_delete=models.PROTECT, related_name="import_lines"
    )
    year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()
    cost_group_code = models.CharField(max_length=64)
    operating_unit_name = models.CharField(max_length=150)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    raw_payload = models.JSONField(blank=True, default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_costimportline"
        ordering = ["year", "month", "operating_unit_name", "cost_group_code"]
        indexes = [
            models.Index(fields=["year", "month", "operating_unit"], name="fc_imp_yr_mo_ou_idx"),
            models.Index(fields=["year", "month", "account_group"], name="fc_imp_yr_mo_grp_idx"),
        ]


class PeriodLock(models.Model):
    """PeriodLock (finance_core_periodlock) of the reference schema."""

    period_lock_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="finance_core_period_locks"
    )
    operating_unit = models.ForeignKey(
        "finance.DimSite", on_delete=models.PROTECT, related_name="finance_core_period_locks"
    )
    year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()
    is_locked = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    lock_reason = models.TextField(blank=True)
    locked_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locked_finance_core_periods",
    )
    locked_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reopened_finance_core_periods",
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_periodlock"
        ordering = ["-year", "-month", "company__display_name", "operating_unit__site_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "operating_unit", "year", "month"],
                name="finance_core_periodlock_company_operating_unit_year_month_uniq",
            ),
        ]


class AllocationRule(models.Model):
    """AllocationRule (finance_core_allocationrule) of the reference schema."""

    rule_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=150)
    account_group = models.ForeignKey(
        "finance_core.AccountGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_rules",
    )
    cost_center = models.ForeignKey(
        "finance_core.CostCenter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_rules",
    )
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    rule_definition = models.JSONField(blank=True, default=dict)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """A rule targets an account group or a cost centre; effective_to ≥ effective_from."""
        super().clean()
        if self.account_group_id is None and self.cost_center_id is None:
            raise ValidationError(
                {"account_group": "An allocation rule needs an account group or a cost centre."}
            )
        if (
            self.effective_to is not None
            and self.effective_from is not None
            and self.effective_to < self.effective_from
        ):
            raise ValidationError({"effective_to": "effective_to cannot be before effective_from."})

    def save(self, *args, **kwargs) -> None:
        """Validate with clean() before saving."""
        self.clean()
        super().save(*args, **kwargs)

    class Meta:
        db_table = "finance_core_allocationrule"
        ordering = ["-effective_from", "name"]


class ValuationRun(models.Model):
    """ValuationRun (finance_core_valuationrun) of the reference schema."""

    run_id = models.BigAutoField(primary_key=True)
    run_timestamp = models.DateTimeField(db_index=True, auto_now_add=True)
    company = models.ForeignKey(
        "finance.DimCompany", on_delete=models.PROTECT, related_name="finance_core_valuation_runs"
    )
    operating_unit = models.ForeignKey(
        "finance.DimSite", on_delete=models.PROTECT, related_name="finance_core_valuation_runs"
    )
    budget = models.ForeignKey(
        "finance_core.Budget",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="valuation_runs",
    )
    import_batch = models.ForeignKey(
        "finance_core.CostImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="valuation_runs",
    )
    year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=20,
        default="PREVIEW",
        choices=[
            ("PREVIEW", "Preview"),
            ("APPROVED", "Approved"),
            ("EXPORTED", "Exported"),
            ("FAILED", "Failed"),
        ],
    )
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_finance_core_valuation_runs",
    )
    approved_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_finance_core_valuation_runs",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    biology_snapshot = models.JSONField(blank=True, default=list)
    allocation_snapshot = models.JSONField(blank=True, default=list)
    rule_snapshot = models.JSONField(blank=True, default=list)
    mortality_snapshot = models.JSONField(blank=True, default=list)
    totals_snapshot = models.JSONField(blank=True, default=dict)
    nav_posting = models.JSONField(blank=True, default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "finance_core_valuationrun"
        ordering = ["-year", "-month", "-version", "-run_timestamp"]
        indexes = [
            models.Index(fields=["company", "year", "month"], name="fc_val_co_per_idx"),
            models.Index(fields=["operating_unit", "year", "month"], name="fc_val_ou_per_idx"),
            models.Index(
                fields=["company", "operating_unit", "year", "month", "version"],
                name="fc_val_per_ver_idx",
            ),
        ]

"""Models of the `users` app, matching SCHEMA.md field by field."""

from django.contrib.auth.models import User
from django.db import models
from simple_history import register
from simple_history.models import HistoricalRecords


class UserProfile(models.Model):
    """UserProfile (users_userprofile) of the reference schema."""

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=20, null=True, blank=True)
    profile_picture = models.ImageField(null=True, blank=True, upload_to="profile_pictures/")
    job_title = models.CharField(max_length=100, null=True, blank=True)
    department = models.CharField(max_length=100, null=True, blank=True)
    geography = models.CharField(
        max_length=3, default="ALL", choices=[("FO", "Fo"), ("SC", "Sc"), ("ALL", "All")]
    )
    subsidiary = models.CharField(
        max_length=3,
        default="ALL",
        choices=[("BS", "Bs"), ("FW", "Fw"), ("FM", "Fm"), ("LG", "Lg"), ("ALL", "All")],
    )
    role = models.CharField(
        max_length=20,
        default="VIEW",
        choices=[
            ("ADMIN", "Admin"),
            ("MGR", "Mgr"),
            ("OPR", "Opr"),
            ("SHIP_CREW", "Ship crew"),
            ("VET", "Vet"),
            ("QA", "Qa"),
            ("FIN", "Fin"),
            ("VIEW", "View"),
        ],
    )
    language_preference = models.CharField(
        max_length=5, default="en", choices=[("en", "En"), ("fo", "Fo"), ("da", "Da")]
    )
    date_format_preference = models.CharField(
        max_length=10, default="DMY", choices=[("DMY", "Dmy"), ("MDY", "Mdy"), ("YMD", "Ymd")]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    allowed_areas = models.ManyToManyField(
        "infrastructure.Area", blank=True, related_name="permitted_users"
    )
    allowed_stations = models.ManyToManyField(
        "infrastructure.FreshwaterStation", blank=True, related_name="permitted_users"
    )
    allowed_containers = models.ManyToManyField(
        "infrastructure.Container", blank=True, related_name="permitted_users"
    )
    history = HistoricalRecords()

    def has_geography_access(self, geography: str) -> bool:
        """True for superusers, ALL profiles and an exact geography match (RBAC scoping)."""
        return self.user.is_superuser or self.geography in ("ALL", geography)

    def has_subsidiary_access(self, subsidiary: str) -> bool:
        """True for superusers, ALL profiles and an exact subsidiary match (RBAC scoping)."""
        return self.user.is_superuser or self.subsidiary in ("ALL", subsidiary)

    class Meta:
        db_table = "users_userprofile"


# The reference keeps an audit trail of django.contrib.auth's User in table auth_historicaluser,
# owned (and migrated) by the users app.
register(User, app=__name__.rpartition(".")[0], table_name="auth_historicaluser")

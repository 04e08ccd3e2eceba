"""Models of the `infrastructure` app, matching SCHEMA.md field by field."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pytest_aquadata.domain._compat import check_constraint

#: Deepest parent chain Container.clean() walks when looking for a cycle.
MAX_CONTAINER_DEPTH = 64


def _one_location(instance: models.Model, names: tuple[str, ...]) -> str | None:
    """An error message unless exactly one of the FK columns ``names`` is set."""
    places = [name for name in names if getattr(instance, f"{name}_id") is not None]
    if len(places) == 1:
        return None
    got = " and ".join(places) if places else "none"
    kind = "feed container" if len(names) == 2 else "container"
    options = ", ".join(names[:-1]) + f" or {names[-1]}"
    return f"A {kind} must be in exactly one of {options} (got {got})."


class Geography(models.Model):
    """Geography (infrastructure_geography) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_geography"
        ordering = ["name"]


class AreaGroup(models.Model):
    """AreaGroup (infrastructure_areagroup) of the reference schema."""

    name = models.CharField(max_length=100)
    code = models.CharField(max_length=32, blank=True)
    geography = models.ForeignKey(
        "infrastructure.Geography", on_delete=models.PROTECT, related_name="area_groups"
    )
    parent = models.ForeignKey(
        "infrastructure.AreaGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_areagroup"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["geography", "parent", "name"], name="uniq_area_group_geo_parent_name"
            ),
        ]


class Area(models.Model):
    """Area (infrastructure_area) of the reference schema."""

    name = models.CharField(max_length=100)
    geography = models.ForeignKey(
        "infrastructure.Geography", on_delete=models.PROTECT, related_name="areas"
    )
    area_group = models.ForeignKey(
        "infrastructure.AreaGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    max_biomass = models.DecimalField(max_digits=12, decimal_places=2)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_area"
        ordering = ["name"]


class FreshwaterStation(models.Model):
    """FreshwaterStation (infrastructure_freshwaterstation) of the reference schema."""

    name = models.CharField(max_length=100)
    station_type = models.CharField(
        max_length=20, choices=[("FRESHWATER", "Freshwater"), ("BROODSTOCK", "Broodstock")]
    )
    geography = models.ForeignKey(
        "infrastructure.Geography", on_delete=models.PROTECT, related_name="stations"
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_freshwaterstation"
        ordering = ["name"]


class Hall(models.Model):
    """Hall (infrastructure_hall) of the reference schema."""

    name = models.CharField(max_length=100)
    freshwater_station = models.ForeignKey(
        "infrastructure.FreshwaterStation", on_delete=models.CASCADE, related_name="halls"
    )
    description = models.TextField(blank=True)
    area_sqm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_hall"
        ordering = ["name"]


class ContainerType(models.Model):
    """ContainerType (infrastructure_containertype) of the reference schema."""

    name = models.CharField(max_length=100)
    category = models.CharField(
        max_length=20,
        choices=[("TANK", "Tank"), ("PEN", "Pen"), ("TRAY", "Tray"), ("OTHER", "Other")],
    )
    max_volume_m3 = models.DecimalField(max_digits=10, decimal_places=2)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_containertype"
        ordering = ["name"]


class TransportCarrier(models.Model):
    """TransportCarrier (infrastructure_transportcarrier) of the reference schema."""

    name = models.CharField(max_length=100, unique=True)
    carrier_type = models.CharField(
        max_length=20, choices=[("TRUCK", "Truck"), ("VESSEL", "Vessel")]
    )
    geography = models.ForeignKey(
        "infrastructure.Geography", on_delete=models.PROTECT, related_name="transport_carriers"
    )
    capacity_m3 = models.DecimalField(max_digits=10, decimal_places=2)
    license_plate = models.CharField(max_length=32, blank=True)
    imo_number = models.CharField(max_length=20, blank=True)
    captain_contact = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_transportcarrier"
        ordering = ["name"]


class Container(models.Model):
    """Container (infrastructure_container) of the reference schema."""

    name = models.CharField(max_length=100)
    container_type = models.ForeignKey(
        "infrastructure.ContainerType", on_delete=models.PROTECT, related_name="containers"
    )
    hall = models.ForeignKey(
        "infrastructure.Hall",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="containers",
    )
    area = models.ForeignKey(
        "infrastructure.Area",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="containers",
    )
    carrier = models.ForeignKey(
        "infrastructure.TransportCarrier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tanks",
    )
    parent_container = models.ForeignKey(
        "infrastructure.Container",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_containers",
    )
    hierarchy_role = models.CharField(
        max_length=20,
        default="HOLDING",
        choices=[("HOLDING", "Holding"), ("STRUCTURAL", "Structural")],
    )
    volume_m3 = models.DecimalField(max_digits=10, decimal_places=2)
    max_biomass_kg = models.DecimalField(max_digits=10, decimal_places=2)
    feed_recommendations_enabled = models.BooleanField(default=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """Exactly one location; a STRUCTURAL, co-located, acyclic parent; volume within type."""
        super().clean()
        location_error = _one_location(self, ("hall", "area", "carrier"))
        if location_error:
            raise ValidationError({"hall": location_error})
        errors: dict[str, str] = {}
        if self.parent_container_id is not None:
            parent_error = self._parent_error()
            if parent_error:
                errors["parent_container"] = parent_error
        if self.container_type_id is not None and self.volume_m3 is not None:
            max_volume = self.container_type.max_volume_m3
            if self.volume_m3 > max_volume:
                errors["volume_m3"] = (
                    f"Volume {self.volume_m3} m3 exceeds the container type's maximum "
                    f"of {max_volume} m3."
                )
        if errors:
            raise ValidationError(errors)

    def _parent_error(self) -> str | None:
        """Why parent_container is not a valid structural parent, or None if it is."""
        if self.pk is not None and self.parent_container_id == self.pk:
            return "A container cannot be its own parent."
        parent = self.parent_container
        if parent.hierarchy_role != "STRUCTURAL":
            return "The parent container must have hierarchy_role STRUCTURAL."
        for name in ("hall", "area", "carrier"):
            if getattr(parent, f"{name}_id") != getattr(self, f"{name}_id"):
                return "The parent container must be in the same hall, area or carrier."
        seen = {self.pk} if self.pk is not None else set()
        node = parent
        for _ in range(MAX_CONTAINER_DEPTH):
            if node.pk in seen:
                return "Parent containers must not form a cycle."
            seen.add(node.pk)
            if node.parent_container_id is None:
                return None
            node = node.parent_container
        return "The parent chain is deeper than the supported nesting."

    def save(self, *args, **kwargs) -> None:
        """Validate with clean() first, as the reference does for every container save."""
        self.clean()
        super().save(*args, **kwargs)

    class Meta:
        db_table = "infrastructure_container"
        constraints = [
            check_constraint(
                models.Q(
                    models.Q(
                        ("area__isnull", True), ("carrier__isnull", True), ("hall__isnull", False)
                    ),
                    models.Q(
                        ("area__isnull", False), ("carrier__isnull", True), ("hall__isnull", True)
                    ),
                    models.Q(
                        ("area__isnull", True), ("carrier__isnull", False), ("hall__isnull", True)
                    ),
                    _connector=models.Q.OR,
                ),
                name="container_in_hall_area_or_carrier",
            ),
        ]


class Sensor(models.Model):
    """Sensor (infrastructure_sensor) of the reference schema."""

    name = models.CharField(max_length=100)
    sensor_type = models.CharField(
        max_length=20,
        choices=[
            ("TEMPERATURE", "Temperature"),
            ("OXYGEN", "Oxygen"),
            ("PH", "Ph"),
            ("SALINITY", "Salinity"),
            ("CO2", "Co2"),
            ("OTHER", "Other"),
        ],
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="sensors"
    )
    serial_number = models.CharField(max_length=100, blank=True)
    manufacturer = models.CharField(max_length=100, blank=True)
    installation_date = models.DateField(null=True, blank=True)
    last_calibration_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "infrastructure_sensor"
        ordering = ["name"]


class FeedContainer(models.Model):
    """FeedContainer (infrastructure_feedcontainer) of the reference schema."""

    name = models.CharField(max_length=100)
    container_type = models.CharField(
        max_length=20,
        choices=[("SILO", "Silo"), ("BARGE", "Barge"), ("TANK", "Tank"), ("OTHER", "Other")],
    )
    hall = models.ForeignKey(
        "infrastructure.Hall",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_containers",
    )
    area = models.ForeignKey(
        "infrastructure.Area",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_containers",
    )
    capacity_kg = models.DecimalField(max_digits=10, decimal_places=2)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        """A feed container stands in exactly one of a hall or a sea area (mirrors the CHECK)."""
        super().clean()
        location_error = _one_location(self, ("hall", "area"))
        if location_error:
            raise ValidationError({"hall": location_error})

    def save(self, *args, **kwargs) -> None:
        """Validate with clean() first, as the reference does."""
        self.clean()
        super().save(*args, **kwargs)

    class Meta:
        db_table = "infrastructure_feedcontainer"
        ordering = ["name"]
        constraints = [
            check_constraint(
                models.Q(
                    models.Q(("area__isnull", True), ("hall__isnull", False)),
                    models.Q(("area__isnull", False), ("hall__isnull", True)),
                    _connector=models.Q.OR,
                ),
                name="feed_container_in_either_hall_or_area",
            ),
        ]

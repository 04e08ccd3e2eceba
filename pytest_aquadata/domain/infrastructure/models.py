"""Models of the `infrastructure` app, matching SCHEMA.md field by field."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pytest_aquadata.domain._compat import check_constraint


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

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import pytest_aquadata.domain.migration_ops
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('batch', '0001_initial'),
        ('infrastructure', '0001_initial'),
    ]

    operations = [
        pytest_aquadata.domain.migration_ops.CreateModels(
            operations=[migrations.CreateModel(
                name='HistoricalEnvironmentalParameter',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('name', models.CharField(max_length=100)),
                    ('unit', models.CharField(max_length=20)),
                    ('description', models.TextField(blank=True)),
                    ('min_value', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('max_value', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('optimal_min', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('optimal_max', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical environmental parameter',
                    'verbose_name_plural': 'historical environmental parameters',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                    'indexes': [],
                    'constraints': [],
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='EnvironmentalParameter',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100)),
                    ('unit', models.CharField(max_length=20)),
                    ('description', models.TextField(blank=True)),
                    ('min_value', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('max_value', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('optimal_min', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('optimal_max', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'db_table': 'environmental_environmentalparameter',
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='EnvironmentalReading',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('parameter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='environmental.environmentalparameter')),
                    ('container', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='environmental_readings', to='infrastructure.container')),
                    ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='environmental_readings', to='batch.batch')),
                    ('sensor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='readings', to='infrastructure.sensor')),
                    ('batch_container_assignment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='environmental_readings', to='batch.batchcontainerassignment')),
                    ('value', models.DecimalField(decimal_places=4, max_digits=10)),
                    ('reading_time', models.DateTimeField()),
                    ('is_manual', models.BooleanField(default=False)),
                    ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ('notes', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'db_table': 'environmental_environmentalreading',
                    'indexes': [models.Index(fields=['container', 'parameter', 'reading_time'], name='environment_contain_a6622f_idx'), models.Index(fields=['batch', 'parameter', 'reading_time'], name='environment_batch_i_e1fe9c_idx'), models.Index(fields=['batch_container_assignment', 'parameter', 'reading_time'], name='environment_batch_c_343740_idx')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='HistoricalPhotoperiodData',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('date', models.DateField()),
                    ('day_length_hours', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('24'))])),
                    ('light_intensity', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('is_interpolated', models.BooleanField(default=False)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='infrastructure.area')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical photoperiod data',
                    'verbose_name_plural': 'historical photoperiod datas',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                    'indexes': [],
                    'constraints': [],
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='PhotoperiodData',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photoperiod_data', to='infrastructure.area')),
                    ('date', models.DateField()),
                    ('day_length_hours', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('24'))])),
                    ('light_intensity', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('is_interpolated', models.BooleanField(default=False)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'db_table': 'environmental_photoperioddata',
                    'unique_together': {('area', 'date')},
                    'indexes': [models.Index(fields=['area', 'date'], name='environment_area_id_9c8f82_idx')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='WeatherData',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='weather_data', to='infrastructure.area')),
                    ('timestamp', models.DateTimeField()),
                    ('temperature', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('wind_speed', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True)),
                    ('wind_direction', models.IntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(360)])),
                    ('precipitation', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True)),
                    ('wave_height', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('wave_period', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('wave_direction', models.IntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(360)])),
                    ('cloud_cover', models.IntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)])),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ],
                options={
                    'db_table': 'environmental_weatherdata',
                    'indexes': [models.Index(fields=['area', 'timestamp'], name='environment_area_id_7e45b9_idx')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='HistoricalStageTransitionEnvironmental',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('temperature', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('oxygen', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('salinity', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('ph', models.DecimalField(blank=True, decimal_places=2, max_digits=4, null=True)),
                    ('additional_parameters', models.JSONField(blank=True, null=True)),
                    ('notes', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('batch_transfer_workflow', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='batch.batchtransferworkflow')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical stage transition environmental',
                    'verbose_name_plural': 'historical stage transition environmentals',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                    'indexes': [],
                    'constraints': [],
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='StageTransitionEnvironmental',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('batch_transfer_workflow', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='environmental_conditions', to='batch.batchtransferworkflow')),
                    ('temperature', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('oxygen', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('salinity', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('ph', models.DecimalField(blank=True, decimal_places=2, max_digits=4, null=True)),
                    ('additional_parameters', models.JSONField(blank=True, null=True)),
                    ('notes', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'db_table': 'environmental_stagetransitionenvironmental',
                    'indexes': [],
                    'constraints': [],
                },
            )],
        ),
    ]

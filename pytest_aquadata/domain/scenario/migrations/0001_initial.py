import django.core.validators
import django.db.models.deletion
import pytest_aquadata.domain.migration_ops
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('batch', '0001_initial'),
    ]

    operations = [
        pytest_aquadata.domain.migration_ops.CreateModels(
            operations=[migrations.CreateModel(
                name='TemperatureProfile',
                fields=[
                    ('profile_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=255, unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Temperature Profile',
                    'db_table': 'scenario_temperatureprofile',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='TemperatureReading',
                fields=[
                    ('reading_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='readings', to='scenario.temperatureprofile')),
                    ('day_number', models.IntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                    ('temperature', models.FloatField()),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Temperature Reading',
                    'db_table': 'scenario_temperaturereading',
                    'ordering': ['profile', 'day_number'],
                    'unique_together': {('profile', 'day_number')},
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='TGCModel',
                fields=[
                    ('model_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=255, unique=True)),
                    ('location', models.CharField(max_length=255)),
                    ('release_period', models.CharField(max_length=255)),
                    ('tgc_value', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('exponent_n', models.FloatField(default=0.33)),
                    ('exponent_m', models.FloatField(default=0.66)),
                    ('profile', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tgc_models', to='scenario.temperatureprofile')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'TGC Model',
                    'db_table': 'scenario_tgcmodel',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='FCRModel',
                fields=[
                    ('model_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=255, unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'FCR Model',
                    'db_table': 'scenario_fcrmodel',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='FCRModelStage',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('model', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='scenario.fcrmodel')),
                    ('stage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fcr_stages', to='batch.lifecyclestage')),
                    ('fcr_value', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('duration_days', models.IntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'FCR Model Stage',
                    'db_table': 'scenario_fcrmodelstage',
                    'ordering': ['model', 'stage'],
                    'unique_together': {('model', 'stage')},
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='MortalityModel',
                fields=[
                    ('model_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=255, unique=True)),
                    ('frequency', models.CharField(choices=[('daily', 'Daily'), ('weekly', 'Weekly')], max_length=10)),
                    ('rate', models.FloatField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)])),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Mortality Model',
                    'db_table': 'scenario_mortalitymodel',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='Scenario',
                fields=[
                    ('scenario_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=255)),
                    ('start_date', models.DateField()),
                    ('duration_days', models.IntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                    ('initial_count', models.IntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                    ('genotype', models.CharField(max_length=255)),
                    ('supplier', models.CharField(max_length=255)),
                    ('initial_weight', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)])),
                    ('tgc_model', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scenarios', to='scenario.tgcmodel')),
                    ('fcr_model', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scenarios', to='scenario.fcrmodel')),
                    ('mortality_model', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scenarios', to='scenario.mortalitymodel')),
                    ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='scenarios', to='batch.batch')),
                    ('biological_constraints', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='scenario.biologicalconstraints')),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='created_scenarios', to=settings.AUTH_USER_MODEL)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Scenario',
                    'db_table': 'scenario',
                    'ordering': ['-created_at', 'name'],
                    'indexes': [models.Index(fields=['start_date'], name='scenario_start_d_75cb3d_idx'), models.Index(fields=['created_by'], name='scenario_created_277418_idx')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='ScenarioModelChange',
                fields=[
                    ('change_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('scenario', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='model_changes', to='scenario.scenario')),
                    ('change_day', models.IntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                    ('new_tgc_model', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scenario_changes', to='scenario.tgcmodel')),
                    ('new_fcr_model', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scenario_changes', to='scenario.fcrmodel')),
                    ('new_mortality_model', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scenario_changes', to='scenario.mortalitymodel')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Scenario Model Change',
                    'db_table': 'scenario_scenariomodelchange',
                    'ordering': ['scenario', 'change_day'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='ProjectionRun',
                fields=[
                    ('run_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('scenario', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='projection_runs', to='scenario.scenario')),
                    ('run_date', models.DateTimeField(auto_now_add=True)),
                    ('run_number', models.PositiveIntegerField()),
                    ('label', models.CharField(blank=True, max_length=100)),
                    ('parameters_snapshot', models.JSONField(blank=True, default=dict)),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='projection_runs', to=settings.AUTH_USER_MODEL)),
                    ('notes', models.TextField(blank=True)),
                    ('total_projections', models.PositiveIntegerField(default=0)),
                    ('final_weight_g', models.FloatField(blank=True, null=True)),
                    ('final_biomass_kg', models.FloatField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Projection Run',
                    'db_table': 'scenario_projection_run',
                    'ordering': ['scenario', '-run_number'],
                    'unique_together': {('scenario', 'run_number')},
                    'indexes': [models.Index(fields=['scenario', '-run_date'], name='scenario_pr_scenari_58c6d2_idx'), models.Index(fields=['run_number'], name='scenario_pr_run_num_231c54_idx')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='ScenarioProjection',
                fields=[
                    ('projection_id', models.BigAutoField(primary_key=True, serialize=False)),
                    ('projection_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='projections', to='scenario.projectionrun')),
                    ('projection_date', models.DateField()),
                    ('day_number', models.IntegerField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('average_weight', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('population', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('biomass', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('daily_feed', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('cumulative_feed', models.FloatField(validators=[django.core.validators.MinValueValidator(0)])),
                    ('temperature', models.FloatField()),
                    ('current_stage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scenario_projections', to='batch.lifecyclestage')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Scenario Projection',
                    'db_table': 'scenario_scenarioprojection',
                    'ordering': ['projection_run', 'day_number'],
                    'indexes': [models.Index(fields=['projection_run', 'projection_date'], name='scenario_sc_project_7a2ab2_idx'), models.Index(fields=['projection_run', 'day_number'], name='scenario_sc_project_68d05b_idx')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='BiologicalConstraints',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100, unique=True)),
                    ('description', models.TextField(blank=True)),
                    ('is_active', models.BooleanField(default=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='created_constraints', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'Biological Constraint Set',
                    'db_table': 'scenario_biological_constraints',
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='StageConstraint',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('constraint_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_constraints', to='scenario.biologicalconstraints')),
                    ('lifecycle_stage', models.CharField(choices=[('egg', 'Egg'), ('alevin', 'Alevin'), ('fry', 'Fry'), ('parr', 'Parr'), ('smolt', 'Smolt'), ('post_smolt', 'Post smolt'), ('harvest', 'Harvest')], max_length=20)),
                    ('min_weight_g', models.DecimalField(decimal_places=2, max_digits=10)),
                    ('max_weight_g', models.DecimalField(decimal_places=2, max_digits=10)),
                    ('min_temperature_c', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('max_temperature_c', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                    ('typical_duration_days', models.IntegerField(blank=True, null=True)),
                    ('max_freshwater_weight_g', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                ],
                options={
                    'db_table': 'scenario_stage_constraint',
                    'unique_together': {('constraint_set', 'lifecycle_stage')},
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='TGCModelStage',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('tgc_model', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_overrides', to='scenario.tgcmodel')),
                    ('lifecycle_stage', models.CharField(choices=[('egg', 'Egg'), ('alevin', 'Alevin'), ('fry', 'Fry'), ('parr', 'Parr'), ('smolt', 'Smolt'), ('post_smolt', 'Post smolt'), ('harvest', 'Harvest')], max_length=20)),
                    ('tgc_value', models.DecimalField(decimal_places=4, max_digits=6)),
                    ('temperature_exponent', models.DecimalField(decimal_places=2, default=1.0, max_digits=4)),
                    ('weight_exponent', models.DecimalField(decimal_places=2, default=0.333, max_digits=4)),
                ],
                options={
                    'verbose_name': 'tgc model stage',
                    'db_table': 'scenario_tgc_model_stage',
                    'unique_together': {('tgc_model', 'lifecycle_stage')},
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='FCRModelStageOverride',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('fcr_stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='overrides', to='scenario.fcrmodelstage')),
                    ('min_weight_g', models.DecimalField(decimal_places=2, max_digits=10)),
                    ('max_weight_g', models.DecimalField(decimal_places=2, max_digits=10)),
                    ('fcr_value', models.DecimalField(decimal_places=3, max_digits=5)),
                ],
                options={
                    'verbose_name': 'fcr model stage override',
                    'db_table': 'scenario_fcr_model_stage_override',
                    'ordering': ['min_weight_g'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='MortalityModelStage',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('mortality_model', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_overrides', to='scenario.mortalitymodel')),
                    ('lifecycle_stage', models.CharField(choices=[('egg', 'Egg'), ('alevin', 'Alevin'), ('fry', 'Fry'), ('parr', 'Parr'), ('smolt', 'Smolt'), ('post_smolt', 'Post smolt'), ('harvest', 'Harvest')], max_length=20)),
                    ('daily_rate_percent', models.DecimalField(decimal_places=3, max_digits=5)),
                    ('weekly_rate_percent', models.DecimalField(blank=True, decimal_places=3, max_digits=5, null=True)),
                ],
                options={
                    'db_table': 'scenario_mortality_model_stage',
                    'unique_together': {('mortality_model', 'lifecycle_stage')},
                    'indexes': [],
                    'constraints': [],
                },
            )],
        ),
    ]

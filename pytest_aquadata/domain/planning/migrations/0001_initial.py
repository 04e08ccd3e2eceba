import django.db.models.deletion
import pytest_aquadata.domain.migration_ops
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('batch', '0001_initial'),
        ('infrastructure', '0001_initial'),
        ('scenario', '0001_initial'),
    ]

    operations = [
        pytest_aquadata.domain.migration_ops.CreateModels(
            operations=[migrations.CreateModel(
                name='HistoricalPlannedActivity',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('activity_type', models.CharField(choices=[('VACCINATION', 'Vaccination'), ('TREATMENT', 'Treatment'), ('CULL', 'Cull'), ('HARVEST', 'Harvest'), ('SALE', 'Sale'), ('FEED_CHANGE', 'Feed change'), ('TRANSFER', 'Transfer'), ('MAINTENANCE', 'Maintenance'), ('SAMPLING', 'Sampling'), ('OTHER', 'Other')], max_length=50)),
                    ('due_date', models.DateField()),
                    ('status', models.CharField(choices=[('PENDING', 'Pending'), ('IN_PROGRESS', 'In progress'), ('COMPLETED', 'Completed'), ('CANCELLED', 'Cancelled')], default='PENDING', max_length=20)),
                    ('notes', models.TextField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('completed_at', models.DateTimeField(blank=True, null=True)),
                    ('scenario', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='scenario.scenario')),
                    ('batch', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='batch.batch')),
                    ('container', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='infrastructure.container')),
                    ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('completed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('transfer_workflow', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='batch.batchtransferworkflow')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical Planned Activity',
                    'verbose_name_plural': 'historical Planned Activitys',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                    'indexes': [],
                    'constraints': [],
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='PlannedActivity',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('scenario', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='planned_activities', to='scenario.scenario')),
                    ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='planned_activities', to='batch.batch')),
                    ('activity_type', models.CharField(choices=[('VACCINATION', 'Vaccination'), ('TREATMENT', 'Treatment'), ('CULL', 'Cull'), ('HARVEST', 'Harvest'), ('SALE', 'Sale'), ('FEED_CHANGE', 'Feed change'), ('TRANSFER', 'Transfer'), ('MAINTENANCE', 'Maintenance'), ('SAMPLING', 'Sampling'), ('OTHER', 'Other')], max_length=50)),
                    ('due_date', models.DateField()),
                    ('status', models.CharField(choices=[('PENDING', 'Pending'), ('IN_PROGRESS', 'In progress'), ('COMPLETED', 'Completed'), ('CANCELLED', 'Cancelled')], default='PENDING', max_length=20)),
                    ('container', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='infrastructure.container')),
                    ('notes', models.TextField(blank=True, null=True)),
                    ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='created_planned_activities', to=settings.AUTH_USER_MODEL)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('completed_at', models.DateTimeField(blank=True, null=True)),
                    ('completed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='completed_planned_activities', to=settings.AUTH_USER_MODEL)),
                    ('transfer_workflow', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='batch.batchtransferworkflow')),
                ],
                options={
                    'verbose_name': 'Planned Activity',
                    'db_table': 'planning_plannedactivity',
                    'ordering': ['due_date', 'created_at'],
                    'indexes': [models.Index(fields=['scenario', 'due_date'], name='idx_pa_scenario_due_date'), models.Index(fields=['batch', 'status'], name='idx_pa_batch_status'), models.Index(fields=['activity_type', 'status'], name='idx_pa_type_status')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='ActivityTemplate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, unique=True)),
                    ('description', models.TextField(blank=True, null=True)),
                    ('activity_type', models.CharField(choices=[('VACCINATION', 'Vaccination'), ('TREATMENT', 'Treatment'), ('CULL', 'Cull'), ('HARVEST', 'Harvest'), ('SALE', 'Sale'), ('FEED_CHANGE', 'Feed change'), ('TRANSFER', 'Transfer'), ('MAINTENANCE', 'Maintenance'), ('SAMPLING', 'Sampling'), ('OTHER', 'Other')], max_length=50)),
                    ('trigger_type', models.CharField(choices=[('DAY_OFFSET', 'Day offset'), ('WEIGHT_THRESHOLD', 'Weight threshold'), ('STAGE_TRANSITION', 'Stage transition')], max_length=20)),
                    ('day_offset', models.IntegerField(blank=True, null=True)),
                    ('weight_threshold_g', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                    ('target_lifecycle_stage', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='target_templates', to='batch.lifecyclestage')),
                    ('notes_template', models.TextField(blank=True, null=True)),
                    ('is_active', models.BooleanField(default=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'verbose_name': 'Activity Template',
                    'db_table': 'planning_activitytemplate',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [],
                },
            )],
        ),
    ]

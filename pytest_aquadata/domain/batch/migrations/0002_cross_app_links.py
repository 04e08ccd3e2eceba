import django.db.models.deletion
import pytest_aquadata.domain.migration_ops
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('batch', '0001_initial'),
        ('broodstock', '0001_initial'),
        ('finance', '0001_initial'),
        ('planning', '0001_initial'),
        ('scenario', '0001_initial'),
    ]

    operations = [
        pytest_aquadata.domain.migration_ops.CreateModels(
            operations=[migrations.AddField(
                model_name='historicalbatch',
                name='pinned_projection_run',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='scenario.projectionrun'),
            ), migrations.AddField(
                model_name='batch',
                name='pinned_projection_run',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='pinned_batches', to='scenario.projectionrun'),
            ), migrations.AddField(
                model_name='historicalbatchtransferworkflow',
                name='planned_activity',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='planning.plannedactivity'),
            ), migrations.AddField(
                model_name='historicalbatchtransferworkflow',
                name='finance_transaction',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='finance.intercompanytransaction'),
            ), migrations.AddField(
                model_name='batchtransferworkflow',
                name='planned_activity',
                field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='spawned_workflow', to='planning.plannedactivity'),
            ), migrations.AddField(
                model_name='batchtransferworkflow',
                name='finance_transaction',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transfer_workflows', to='finance.intercompanytransaction'),
            ), migrations.AddField(
                model_name='historicalbatchcreationworkflow',
                name='egg_production',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='broodstock.eggproduction'),
            ), migrations.AddField(
                model_name='historicalbatchcreationworkflow',
                name='external_supplier',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='broodstock.eggsupplier'),
            ), migrations.AddField(
                model_name='batchcreationworkflow',
                name='egg_production',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='creation_workflows', to='broodstock.eggproduction'),
            ), migrations.AddField(
                model_name='batchcreationworkflow',
                name='external_supplier',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='creation_workflows', to='broodstock.eggsupplier'),
            ), migrations.AddField(
                model_name='actualdailyassignmentstate',
                name='planned_activity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='anchored_daily_states', to='planning.plannedactivity'),
            )],
        ),
    ]

import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import pytest_aquadata.domain.migration_ops
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('infrastructure', '0001_initial'),
    ]

    operations = [
        pytest_aquadata.domain.migration_ops.CreateModels(
            operations=[migrations.CreateModel(
                name='HistoricalUserProfile',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('full_name', models.CharField(blank=True, max_length=150)),
                    ('phone', models.CharField(blank=True, max_length=20, null=True)),
                    ('profile_picture', models.TextField(blank=True, max_length=100, null=True)),
                    ('job_title', models.CharField(blank=True, max_length=100, null=True)),
                    ('department', models.CharField(blank=True, max_length=100, null=True)),
                    ('geography', models.CharField(choices=[('FO', 'Fo'), ('SC', 'Sc'), ('ALL', 'All')], default='ALL', max_length=3)),
                    ('subsidiary', models.CharField(choices=[('BS', 'Bs'), ('FW', 'Fw'), ('FM', 'Fm'), ('LG', 'Lg'), ('ALL', 'All')], default='ALL', max_length=3)),
                    ('role', models.CharField(choices=[('ADMIN', 'Admin'), ('MGR', 'Mgr'), ('OPR', 'Opr'), ('SHIP_CREW', 'Ship crew'), ('VET', 'Vet'), ('QA', 'Qa'), ('FIN', 'Fin'), ('VIEW', 'View')], default='VIEW', max_length=20)),
                    ('language_preference', models.CharField(choices=[('en', 'En'), ('fo', 'Fo'), ('da', 'Da')], default='en', max_length=5)),
                    ('date_format_preference', models.CharField(choices=[('DMY', 'Dmy'), ('MDY', 'Mdy'), ('YMD', 'Ymd')], default='DMY', max_length=10)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical user profile',
                    'verbose_name_plural': 'historical user profiles',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                    'indexes': [],
                    'constraints': [],
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ), migrations.CreateModel(
                name='UserProfile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL)),
                    ('full_name', models.CharField(blank=True, max_length=150)),
                    ('phone', models.CharField(blank=True, max_length=20, null=True)),
                    ('profile_picture', models.ImageField(blank=True, null=True, upload_to='profile_pictures/')),
                    ('job_title', models.CharField(blank=True, max_length=100, null=True)),
                    ('department', models.CharField(blank=True, max_length=100, null=True)),
                    ('geography', models.CharField(choices=[('FO', 'Fo'), ('SC', 'Sc'), ('ALL', 'All')], default='ALL', max_length=3)),
                    ('subsidiary', models.CharField(choices=[('BS', 'Bs'), ('FW', 'Fw'), ('FM', 'Fm'), ('LG', 'Lg'), ('ALL', 'All')], default='ALL', max_length=3)),
                    ('role', models.CharField(choices=[('ADMIN', 'Admin'), ('MGR', 'Mgr'), ('OPR', 'Opr'), ('SHIP_CREW', 'Ship crew'), ('VET', 'Vet'), ('QA', 'Qa'), ('FIN', 'Fin'), ('VIEW', 'View')], default='VIEW', max_length=20)),
                    ('language_preference', models.CharField(choices=[('en', 'En'), ('fo', 'Fo'), ('da', 'Da')], default='en', max_length=5)),
                    ('date_format_preference', models.CharField(choices=[('DMY', 'Dmy'), ('MDY', 'Mdy'), ('YMD', 'Ymd')], default='DMY', max_length=10)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('allowed_areas', models.ManyToManyField(blank=True, related_name='permitted_users', to='infrastructure.area')),
                    ('allowed_stations', models.ManyToManyField(blank=True, related_name='permitted_users', to='infrastructure.freshwaterstation')),
                    ('allowed_containers', models.ManyToManyField(blank=True, related_name='permitted_users', to='infrastructure.container')),
                ],
                options={
                    'db_table': 'users_userprofile',
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='HistoricalUser',
                fields=[
                    ('id', models.IntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('password', models.CharField(max_length=128, verbose_name='password')),
                    ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                    ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                    ('username', models.CharField(db_index=True, error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                    ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                    ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                    ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                    ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                    ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical user',
                    'verbose_name_plural': 'historical users',
                    'db_table': 'auth_historicaluser',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                    'indexes': [],
                    'constraints': [],
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            )],
        ),
    ]

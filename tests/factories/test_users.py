"""UserFactory (auth.User) and UserProfileFactory."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.factories.infrastructure import AreaFactory, FreshwaterStationFactory
from pytest_aquadata.factories.users import UserFactory, UserProfileFactory

pytestmark = pytest.mark.django_db


def test_users_get_distinct_ascii_usernames_and_matching_emails() -> None:
    users = UserFactory.create_batch(5)
    names = {u.username for u in users}
    assert len(names) == 5
    for user in users:
        assert user.username.isascii()
        assert user.email == f"{user.username}@aquafarm.example"
        assert user.first_name and user.last_name
        assert not user.has_usable_password()


def test_user_is_got_or_created_on_username() -> None:
    first = UserFactory(username="bjarni.joensen")
    again = UserFactory(username="bjarni.joensen", first_name="Other")
    assert first.pk == again.pk
    assert apps.get_model("auth.User").objects.filter(username="bjarni.joensen").count() == 1


def test_raw_password_gives_a_usable_password() -> None:
    user = UserFactory(raw_password="s3cret-salmon")
    user.refresh_from_db()
    assert user.check_password("s3cret-salmon")


def test_superuser_trait() -> None:
    user = UserFactory(superuser=True)
    assert user.is_superuser and user.is_staff


def test_profile_defaults_are_the_reference_defaults() -> None:
    profile = UserProfileFactory()
    assert (profile.geography, profile.subsidiary, profile.role) == ("ALL", "ALL", "VIEW")
    assert profile.full_name == f"{profile.user.first_name} {profile.user.last_name}"
    assert profile.job_title == "Production Analyst"


def test_role_and_geography_traits_set_consistent_fields() -> None:
    vet = UserProfileFactory(vet=True, faroe=True)
    assert (vet.role, vet.geography, vet.language_preference) == ("VET", "FO", "fo")
    assert vet.job_title == "Fish Health Veterinarian"
    assert vet.phone.startswith("+298 ")
    crew = UserProfileFactory(ship_crew=True, scotland=True)
    assert (crew.role, crew.subsidiary, crew.department) == ("SHIP_CREW", "LG", "Logistics")
    assert crew.phone.startswith("+44 7")
    assert crew.has_geography_access("SC") and not crew.has_geography_access("FO")


def test_profile_updates_one_a_signal_already_created() -> None:
    user = UserFactory()
    existing = apps.get_model("users.UserProfile").objects.create(user=user)
    profile = UserProfileFactory(user=user, role="MGR")
    assert profile.pk == existing.pk
    existing.refresh_from_db()
    assert existing.role == "MGR"


def test_operator_scoping_relations_are_empty_unless_given() -> None:
    assert UserProfileFactory().allowed_areas.count() == 0
    areas = AreaFactory.create_batch(2)
    station = FreshwaterStationFactory()
    profile = UserProfileFactory(operator=True, allowed_areas=areas, allowed_stations=[station])
    assert set(profile.allowed_areas.all()) == set(areas)
    assert list(profile.allowed_stations.all()) == [station]

"""Factories of the `users` app, plus django.contrib.auth's User."""

from __future__ import annotations

import unicodedata
from typing import Any

import factory
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from pytest_aquadata.factories.base import AquaFactory
from pytest_aquadata.factories.values import numerify, person
from pytest_aquadata.reference.people import DEPARTMENTS, EMAIL_DOMAIN, JOB_TITLES, PHONE_FORMATS

_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ð": "d", "þ": "th", "ß": "ss"})


def _ascii_slug(text: str) -> str:
    """``"Jóhanna Ísaksen"`` → ``"johanna.isaksen"`` (usernames and e-mail local parts)."""
    text = text.lower().translate(_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(part for part in "".join(c if c.isalnum() else " " for c in text).split())


class UserFactory(AquaFactory):
    """A django.contrib.auth User with a plausible name (Faroese and Scottish in turn, or
    ``country="FO"`` / ``"SC"``), a matching username and e-mail and an unusable password
    (pass ``raw_password="..."`` to log in); get-or-create on username."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        country = None
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)
        inactive = factory.Trait(is_active=False)

    first_name = factory.LazyAttributeSequence(lambda o, n: person(o.country, n).first_name())
    last_name = factory.LazyAttributeSequence(lambda o, n: person(o.country, n).last_name())
    username = factory.LazyAttributeSequence(
        lambda o, n: f"{_ascii_slug(o.first_name)}.{_ascii_slug(o.last_name)}{n + 1}"
    )
    email = factory.LazyAttribute(lambda o: f"{o.username}@{EMAIL_DOMAIN}")
    # unusable ('!' prefix, as make_password(None)) but seeded, so the same seed repeats it
    password = factory.LazyFunction(lambda: UNUSABLE_PASSWORD_PREFIX + numerify("#" * 40))
    is_staff = False
    is_superuser = False
    is_active = True

    @factory.post_generation
    def raw_password(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        """``UserFactory(raw_password="s3cret")`` hashes a usable password (slow hasher: opt-in)."""
        if extracted:
            obj.set_password(extracted)
            if create:
                obj.save(update_fields=["password"])


class UserProfileFactory(AquaFactory):
    """A users.UserProfile for a new User: RBAC geography/subsidiary/role (reference defaults
    ALL/ALL/VIEW), a job title and department matching them, a local phone number; works
    whether or not a post_save signal already made the profile (update-or-create on user)."""

    class Meta:
        model = "users.UserProfile"
        skip_postgeneration_save = True

    class Params:
        faroe = factory.Trait(geography="FO")
        scotland = factory.Trait(geography="SC")
        admin = factory.Trait(role="ADMIN", subsidiary="ALL")
        manager = factory.Trait(role="MGR", subsidiary="FM")
        operator = factory.Trait(role="OPR", subsidiary="FM")
        hatchery_operator = factory.Trait(role="OPR", subsidiary="FW")
        ship_crew = factory.Trait(role="SHIP_CREW", subsidiary="LG")
        vet = factory.Trait(role="VET", subsidiary="FM")
        qa = factory.Trait(role="QA", subsidiary="ALL")
        finance = factory.Trait(role="FIN", subsidiary="ALL")

    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda o: f"{o.user.first_name} {o.user.last_name}".strip())
    geography = "ALL"
    subsidiary = "ALL"
    role = "VIEW"
    job_title = factory.LazyAttribute(lambda o: JOB_TITLES.get(o.role))
    department = factory.LazyAttribute(lambda o: DEPARTMENTS.get(o.subsidiary))
    phone = factory.LazyAttribute(lambda o: numerify(PHONE_FORMATS[o.geography]))
    language_preference = factory.LazyAttribute(lambda o: "fo" if o.geography == "FO" else "en")
    date_format_preference = "DMY"
    profile_picture = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Update the profile a signal may have created for the user, else create it."""
        user = kwargs.pop("user")
        profile, _ = model_class._default_manager.update_or_create(user=user, defaults=kwargs)
        return profile

    @factory.post_generation
    def allowed_areas(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``allowed_areas=[area, ...]`` scopes an operator to sea areas (empty by default)."""
        if create and extracted:
            obj.allowed_areas.set(extracted)

    @factory.post_generation
    def allowed_stations(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``allowed_stations=[station, ...]`` scopes an operator to freshwater stations."""
        if create and extracted:
            obj.allowed_stations.set(extracted)

    @factory.post_generation
    def allowed_containers(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``allowed_containers=[container, ...]`` scopes an operator to single containers."""
        if create and extracted:
            obj.allowed_containers.set(extracted)

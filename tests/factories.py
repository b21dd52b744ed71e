from datetime import date

import factory
from django.contrib.auth import get_user_model

from resolutions.models import Document, Membership, Unit
from tasks.models import Blocker, Extension, Task


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.DEPARTMENT


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    code = factory.Sequence(lambda n: f"{n + 1}-NQ/TU")
    issued_on = date(2024, 12, 22)
    title = factory.Sequence(lambda n: f"Nghị quyết số {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document.full_clean()
        document.save()
        return document


class TaskFactory(factory.django.DjangoModelFactory):
    """A task row as the services would leave it; for counting tests that set every date."""

    class Meta:
        model = Task

    document = factory.SubFactory(DocumentFactory)
    lead_unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Triển khai chuyển đổi số {n}")
    assigned_on = date(2025, 1, 10)
    original_deadline = factory.LazyAttribute(lambda t: t.deadline)
    deadline = date(2025, 12, 31)


class BlockerFactory(factory.django.DjangoModelFactory):
    """A blocker row with the days set by the test; for counting tests."""

    class Meta:
        model = Blocker

    task = factory.SubFactory(TaskFactory)
    description = "Chưa được bố trí kinh phí"
    raised_on = date(2025, 9, 1)


class ExtensionFactory(factory.django.DjangoModelFactory):
    """An extension request row, pending unless the test decides it (issue 11)."""

    class Meta:
        model = Extension

    task = factory.SubFactory(TaskFactory)
    previous_deadline = factory.LazyAttribute(lambda e: e.task.deadline)
    requested_deadline = date(2026, 6, 30)
    reason = "Chờ bố trí kinh phí"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            Membership.objects.create(user=self, role=extracted, unit=kwargs.get("unit"))
        if create:
            self.save()

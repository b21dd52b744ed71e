from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from resolutions.codes import fold, parse_document_code, search_tokens


class Unit(models.Model):
    """A unit of the tree: province/city, party organ, department, commune, ward…"""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province / city")
        PARTY_ORGAN = "party_organ", _("Party organ")
        DEPARTMENT = "department", _("Department")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # Materialised path of codes ("DN/SKHCN/"): sub-unit queries are one `startswith`.
    path = models.CharField(_("path"), max_length=500, editable=False, db_index=True)
    # Folded name: rankings break ties by name in the database, the same on every database.
    name_key = models.CharField(max_length=255, editable=False, default="")
    is_active = models.BooleanField(_("active"), default=True)
    successor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self, parent_path: str | None = None) -> None:
        """Set the derived columns, `path` and `name_key`: `save()` and the writers that
        rewrite many units at once (moving a subtree) both call this, so they agree.
        `parent_path`: the parent's path when the caller already has it."""
        if parent_path is None:
            parent_path = self.parent.path if self.parent else ""
        self.path = f"{parent_path}{self.code}/"
        self.name_key = fold(self.name)


class Document(models.Model):
    """A directing document (văn bản chỉ đạo): resolution, directive, conclusion, plan…"""

    code = models.CharField(_("code"), max_length=60, help_text=_("e.g. 57-NQ/TW or 71/NQ-CP"))
    doc_type = models.CharField(_("type"), max_length=3, editable=False)
    issuer = models.CharField(_("issuer"), max_length=10, editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    issued_on = models.DateField(_("issued on"))
    title = models.CharField(_("title"), max_length=500)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("implements"),
    )
    horizon = models.DateField(_("horizon"), null=True, blank=True)
    # The issuing unit (cơ quan ban hành): its coordinators manage the document. None: the
    # central level, above every province.
    issuing_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("issuing unit"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Folded code parts and title, space-padded, for diacritic-free search on any database.
    search_key = models.CharField(max_length=800, editable=False, db_index=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "issued_on"], name="document_code_issued_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.search_key = document_search_key(self)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            parsed = parse_document_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error}) from error
        self.code = str(parsed)
        self.number, self.doc_type, self.issuer = int(parsed.number), parsed.doc_type, parsed.issuer

    @property
    def label(self) -> str:
        """How a person tells documents apart: numbers restart each term, so the code
        alone may name two; with the issue year it names one (57-NQ/TW (2024))."""
        return f"{self.code} ({self.issued_on.year})"

    @property
    def reference(self) -> str:
        """How an API client names one document unambiguously: 57-NQ/TW@2024."""
        return f"{self.code}@{self.issued_on.year}"


def document_search_key(document: Document) -> str:
    """The folded code parts and title `search_key` holds; `save()` and bulk writers call it."""
    words = search_tokens(
        f"{document.number} {document.doc_type} {document.issuer} {document.title}"
    )
    return f" {' '.join(words)} "


class UnitEvent(models.Model):
    """A unit moved under another parent, renamed or merged into a successor: recorded, as
    it changes who sees which tasks."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved")
        MERGED = "merged", _("Merged")

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="events", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    before = models.CharField(_("before"), max_length=500)
    after = models.CharField(_("after"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.before} → {self.after}"


class Membership(models.Model):
    """A role a user holds at a unit, reaching that unit's tree (None: the root, reaching
    every unit). A user may hold several."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Unit staff")
        COORDINATOR = "coordinator", _("Coordinator")
        LEADER = "leader", _("Leader")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        related_query_name="membership",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="membership_user_unit_role_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

"""People who sign in.

The same model lives in the public schema (the provider's staff) and in each
collective's schema (its admins, producers, depot keepers and consumers): an
account belongs to one collective, and an e-mail may have an account in
several collectives without them knowing of each other.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Role(models.TextChoices):
    CONSUMER = "consumer", _("Consumer")
    PRODUCER = "producer", _("Producer")
    DEPOT_KEEPER = "depot_keeper", _("Depot keeper")
    ADMIN = "admin", _("Admin")


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONSUMER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_collective_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_producer(self) -> bool:
        return self.role == Role.PRODUCER

    @property
    def is_depot_keeper(self) -> bool:
        return self.role == Role.DEPOT_KEEPER

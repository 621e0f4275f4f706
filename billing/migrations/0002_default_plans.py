"""The plans offered at launch (reversible)."""

from decimal import Decimal

from django.db import migrations

PLANS = [
    {
        "slug": "decouverte",
        "name": "Découverte",
        "description": "Pour démarrer : une part du chiffre d'affaires, plafonnée.",
        "setup_fee": Decimal("0.00"),
        "revenue_percent": Decimal("2.00"),
        "floor": Decimal("120.00"),
        "cap": Decimal("1200.00"),
        "position": 1,
    },
    {
        "slug": "collectif",
        "name": "Collectif",
        "description": "Un forfait annuel, quel que soit le chiffre d'affaires.",
        "setup_fee": Decimal("150.00"),
        "yearly_flat_fee": Decimal("900.00"),
        "position": 2,
    },
]


def add_plans(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for plan in PLANS:
        Plan.objects.update_or_create(slug=plan["slug"], defaults=plan)


def remove_plans(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(slug__in=[p["slug"] for p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(add_plans, remove_plans)]

from django.core.management.base import BaseCommand

from shop.demo.seed import DEMO_PASSWORD, STAFF_EMAIL, seed_demo
from tenants.middleware import platform_url
from tenants.selectors import primary_domain_of


class Command(BaseCommand):
    help = "Create the demo collectives, their people and catalogue (idempotent)."

    def handle(self, *args, **options):
        seeded = seed_demo()
        port = platform_url().rsplit(":", 1)[-1].strip("/")
        suffix = f":{port}" if port.isdigit() else ""
        self.stdout.write(self.style.SUCCESS("\nGroupage demo is ready.\n"))
        self.stdout.write(f"  Platform      {platform_url()}   staff: {STAFF_EMAIL}")
        for collective, demo in seeded:
            url = f"http://{primary_domain_of(collective)}{suffix}/"
            self.stdout.write(f"\n  {collective.name:<13} {url}")
            for role, email in demo.people.items():
                self.stdout.write(f"      {role:<13} {email}")
        self.stdout.write(f"\n  Password for every demo account: {DEMO_PASSWORD}\n")

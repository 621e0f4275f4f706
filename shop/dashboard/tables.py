"""The dashboard's tables and charts, ready for a page or a CSV file.

Each table is (header, rows); the header names are CSV column names (stable,
English, lower case); the page shows translated headings.
"""

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.dashboard import figures
from shop.dashboard.charts import Series, bar_chart, line_chart
from shop.dashboard.figures import Period

Table = tuple[tuple[str, ...], list[tuple]]


def week_label(monday: date) -> str:
    return date_format(monday, "j M")


# --- The collective


def collective_figures(period: Period, zone: ZoneInfo) -> dict:
    """Everything the admin's dashboard shows (9 queries, whatever the history)."""
    weeks = figures.weekly(period)
    producers = figures.by_producer(period)
    points = figures.by_point(period)
    labels = [week_label(w.monday) for w in weeks]
    reminded = [w for w in figures.reminder_effect(period, zone) if w.reminders]
    return {
        "totals": figures.totals(period),
        "weeks": weeks,
        "producers": producers,
        "points": points,
        "reminders": reminded,
        "reminders_total": figures.ReminderWeek(
            period.start,
            reminders=sum(w.reminders for w in reminded),
            ordered_after=sum(w.ordered_after for w in reminded),
            orders=sum(w.orders for w in reminded),
        ),
        "turnover_chart": line_chart(
            labels,
            [Series(_("Turnover (€)"), [w.turnover for w in weeks])],
            title=_("Turnover per week"),
            decimals=2,
        ),
        "orders_chart": line_chart(
            labels,
            [
                Series(_("Orders"), [w.orders for w in weeks]),
                Series(_("New consumers"), [w.new_customers for w in weeks]),
            ],
            title=_("Orders and new consumers per week"),
        ),
        "producers_chart": bar_chart(
            [p.name for p in producers],
            [Series(_("Sales (€)"), [p.sales for p in producers])],
            title=_("Sales per producer"),
            decimals=2,
        ),
        "points_chart": bar_chart(
            [p.name for p in points],
            [Series(_("Turnover (€)"), [p.turnover for p in points])],
            title=_("Turnover per pickup point"),
            decimals=2,
        ),
    }


def weeks_table(period: Period, zone: ZoneInfo) -> Table:
    header = (
        "week",
        "orders",
        "turnover_incl_vat",
        "average_basket",
        "consumers",
        "new_consumers",
        "returning_consumers",
    )
    rows = [
        (
            w.monday,
            w.orders,
            w.turnover,
            w.average_basket,
            w.customers,
            w.new_customers,
            w.returning_customers,
        )
        for w in figures.weekly(period)
    ]
    return header, rows


def producers_table(period: Period, zone: ZoneInfo) -> Table:
    header = ("producer", "orders", "sales_incl_vat", "share_percent")
    rows = [(p.name, p.orders, p.sales, p.share) for p in figures.by_producer(period)]
    return header, rows


def points_table(period: Period, zone: ZoneInfo) -> Table:
    header = ("pickup_point", "orders", "turnover_incl_vat", "average_basket", "consumers")
    rows = [
        (p.name, p.orders, p.turnover, p.average_basket, p.customers)
        for p in figures.by_point(period)
    ]
    return header, rows


def reminders_table(period: Period, zone: ZoneInfo) -> Table:
    header = (
        "deadline_week",
        "reminders_sent",
        "orders_after_reminder",
        "conversion_percent",
        "orders",
        "share_of_orders_percent",
    )
    rows = [
        (w.monday, w.reminders, w.ordered_after, w.conversion, w.orders, w.share_of_orders)
        for w in figures.reminder_effect(period, zone)
    ]
    return header, rows


COLLECTIVE_TABLES: dict[str, Callable[[Period, ZoneInfo], Table]] = {
    "semaines": weeks_table,
    "producteurs": producers_table,
    "points": points_table,
    "relances": reminders_table,
}


# --- One producer


def producer_figures(period: Period, producer) -> dict:
    """Everything a producer's own dashboard shows (3 queries)."""
    weeks = figures.producer_weekly(period, producer)
    points = figures.producer_by_point(period, producer)
    products = figures.producer_products(period, producer)
    return {
        "weeks": weeks,
        "points": points,
        "products": products,
        "total_sales": sum((w.sales for w in weeks), figures.ZERO),
        "total_orders": sum(w.orders for w in weeks),
        "sales_chart": line_chart(
            [week_label(w.monday) for w in weeks],
            [Series(_("Sales (€)"), [w.sales for w in weeks])],
            title=_("My sales per week"),
            decimals=2,
        ),
        "products_chart": bar_chart(
            [p["product_name"] for p in products[:15]],
            [Series(_("Sales (€)"), [p["sales"] for p in products[:15]])],
            title=_("My best-selling products"),
            decimals=2,
        ),
    }


def producer_weeks_table(period: Period, producer) -> Table:
    rows = [(w.monday, w.orders, w.sales) for w in figures.producer_weekly(period, producer)]
    return ("week", "orders", "sales_incl_vat"), rows


def producer_points_table(period: Period, producer) -> Table:
    rows = [
        (p["order__pickup_point__name"], p["orders"], p["sales"])
        for p in figures.producer_by_point(period, producer)
    ]
    return ("pickup_point", "orders", "sales_incl_vat"), rows


def producer_products_table(period: Period, producer) -> Table:
    rows = [
        (p["product_name"], p["unit"], p["quantity"].normalize(), p["orders"], p["sales"])
        for p in figures.producer_products(period, producer)
    ]
    return ("product", "unit", "quantity", "orders", "sales_incl_vat"), rows


PRODUCER_TABLES = {
    "semaines": producer_weeks_table,
    "points": producer_points_table,
    "produits": producer_products_table,
}

"""Test helpers for the key figures, on top of enterprises.testing.make_world."""

from decimal import Decimal

from . import services
from .models import FigureStatus, KeyFigures

YEAR = 2025

# A plausible year: 6 employees (4 with wage subsidy), 5 in work training, 7 of 11 from the target group.
VALUES = {
    "net_turnover": Decimal("2400000.00"),
    "sales_goods_services": Decimal("1600000.00"),
    "sales_public_buyers": Decimal("700000.00"),
    "grants": Decimal("350000.00"),
    "result_after_financial_items": Decimal("45000.00"),
    "wage_bill": Decimal("1500000.00"),
    "employees_fte": Decimal("5.5"),
    "employees_women": 3,
    "employees_men": 3,
    "supported_employees_women": 2,
    "supported_employees_men": 2,
    "occupied_women": 2,
    "occupied_men": 2,
    "occupied_other": 1,
    "target_group_women": 4,
    "target_group_men": 3,
    "supervisors_women": 1,
    "supervisors_men": 1,
    "supervisors_trained_women": 1,
    "ended_work_men": 1,
    "ended_studies_women": 1,
}


def make_figures(world, *, enterprise=None, year=YEAR, state="draft", **values) -> KeyFigures:
    """An enterprise's figures (enterprise A's by default) for ``year``, brought to ``state`` by the services."""
    enterprise = enterprise or world.enterprise_a
    coordinator = world.coordinator if enterprise.platform_id == world.platform.pk else world.outsider
    figures = services.save_key_figures(
        enterprise=enterprise, year=year, values={**VALUES, **values}, by=coordinator
    )
    if state in (FigureStatus.SUBMITTED, FigureStatus.CHECKED):
        figures = services.submit_key_figures(figures=figures, by=coordinator)
    if state == FigureStatus.CHECKED:
        figures = services.check_key_figures(figures=figures, by=coordinator)
    return figures


def form_data(**values) -> dict:
    """The form's POST data for VALUES (amounts written the Swedish way), overridden by ``values``."""
    data = {}
    for name in services.FIGURE_FIELDS:
        value = VALUES.get(name, "")
        if isinstance(value, Decimal) and name != "employees_fte":
            value = f"{value:,.2f}".replace(",", " ").replace(".", ",")
        elif isinstance(value, Decimal):
            value = str(value).replace(".", ",")
        data[name] = value
    data.update(values)
    return data

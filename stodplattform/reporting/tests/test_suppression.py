"""Small numbers: primary suppression (1–4 hidden) and secondary (no hidden cell can be worked
back from a row's or column's total)."""

import itertools

import pytest

from stodplattform.reporting.figures import CASES, COUNT, PERSONS, Table
from stodplattform.reporting.suppression import show, suppress_cells


def table(values, unit=PERSONS, **extra):
    rows = [(f"r{i}", f"Rad {i}") for i in range(len(values))]
    columns = [(f"c{j}", f"Kolumn {j}") for j in range(len(values[0]))]
    return Table("t", "T", unit, rows, columns, values, **extra)


def grid(shown):
    return [[c.hidden for c in row] for row in shown.cells]


def recoverable(shown) -> bool:
    """Can any hidden cell be worked back by subtracting shown cells from a shown total?"""
    groups = []
    for r, row in enumerate(shown.cells):
        if shown.row_totals:
            groups.append(row + [shown.row_totals[r]])
    if shown.column_totals:
        for c in range(len(shown.cells[0])):
            groups.append([row[c] for row in shown.cells] + [shown.column_totals[c]])
    return any(sum(cell.hidden for cell in group) == 1 for group in groups)


def test_primary_hides_one_to_four_and_shows_zero_and_five():
    shown = show(table([[0, 1, 4, 5]], row_totals=False), exact=False)
    assert [str(c) for c in shown.cells[0]] == ["0", "< 5", "< 5", "5"]
    assert [c.shown for c in shown.cells[0]] == [0, None, None, 5]
    assert [c.export for c in shown.cells[0]] == [0, "< 5", "< 5", 5]


def test_exact_for_coordinators():
    shown = show(table([[1, 2], [3, 40]]), exact=True)
    assert not shown.has_hidden
    assert [[c.value for c in row] for row in shown.cells] == [[1, 2], [3, 40]]
    assert shown.total.value == 46


def test_counts_of_things_are_never_suppressed():
    shown = show(table([[1, 2]], unit=COUNT), exact=False)
    assert not shown.has_hidden


def test_case_counts_are_suppressed():
    assert show(table([[1, 20]], unit=CASES), exact=False).has_hidden


def test_secondary_in_a_row_with_its_total():
    # 3 hidden; the total 33 would give it back as 33 − 10 − 20: the smallest other cell goes too.
    shown = show(table([[3, 10, 20]], column_totals=False), exact=False)
    assert grid(shown) == [[True, True, False]]
    assert shown.row_totals[0].value == 33
    assert not recoverable(shown)


def test_secondary_in_columns_too():
    shown = show(table([[3, 10], [12, 20], [30, 40]]), exact=False)
    assert not recoverable(shown)
    # 3 hidden in column 0 and row 0: at least one more in each.
    hidden = grid(shown)
    assert hidden[0][0]
    assert sum(row[0] for row in hidden) >= 2
    assert sum(hidden[0]) >= 2


def test_small_total_hidden_and_its_parts():
    shown = show(table([[1, 2]], column_totals=False), exact=False)
    assert shown.row_totals[0].hidden
    assert all(c.hidden for c in shown.cells[0])


def test_a_single_hidden_part_with_zeros_hides_the_total():
    # 2 and zeros: the total 2 is itself small, so hidden; no subtraction is possible.
    shown = show(table([[2, 0, 0]], column_totals=False), exact=False)
    assert not recoverable(shown)


def test_only_part_hides_the_total_when_nothing_else_is_left():
    values = {"a": 3, "t": 30}
    assert suppress_cells(values, [["a", "t"]], below=5) == {"a", "t"}


def test_threshold_is_a_setting(settings):
    settings.REPORTING_SUPPRESS_BELOW = 3
    shown = show(table([[2, 3, 4]], row_totals=False), exact=False)
    assert [str(c) for c in shown.cells[0]] == ["< 3", "3", "4"]


@pytest.mark.parametrize("seed", range(30))
def test_nothing_recoverable_in_random_tables(seed):
    import random

    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    values = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 13, 40]) for _ in range(cols)] for _ in range(rows)]
    shown = show(table(values), exact=False)
    assert not recoverable(shown)
    for r, c in itertools.product(range(rows), range(cols)):
        cell = shown.cells[r][c]
        assert cell.hidden or not (0 < cell.value < 5)
        if not cell.hidden:
            assert cell.value == values[r][c]


def test_a_row_known_only_as_a_whole_and_a_plain_row():
    """People reached: a plan (plain: never hidden), counts by gender, and event participants
    whose gender is not recorded (a total only)."""
    t = Table(
        "t",
        "T",
        PERSONS,
        [("plan", "Plan"), ("split", "Delat"), ("whole", "Helt")],
        [("w", "K"), ("m", "M"), ("o", "A")],
        [[1, 2, 0], [6, 9, 2], [None, None, None]],
        column_totals=False,
        whole_rows={"whole": 3},
        plain_rows=("plan",),
    )
    assert t.row_sums == [3, 17, 3]
    shown = show(t, exact=False)
    assert [str(c) for c in shown.cells[0]] + [str(shown.row_totals[0])] == ["1", "2", "0", "3"]
    assert grid(shown)[1] == [True, False, True] and shown.row_totals[1].value == 17
    # The whole row's total has no parts to be worked back from: hidden alone.
    assert all(c.not_recorded and str(c) == "–" for c in shown.cells[2])
    assert shown.row_totals[2].hidden
    exact = show(t, exact=True)
    assert exact.row_totals[2].value == 3 and not exact.has_hidden

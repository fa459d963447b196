"""A paginator whose count is bounded: a list's first view must not count every row of a table."""

from functools import cached_property

from django.core.paginator import Paginator

# 20 pages of 50: past that a person narrows the list with its filters (or downloads it).
COUNT_LIMIT = 1000


class BoundedPaginator(Paginator):
    """Counts at most ``limit`` rows (``SELECT COUNT(*) FROM (… LIMIT limit + 1)``), so the count
    stops early on a large table instead of reading every match; ``capped`` says there were more.
    The pages end at the limit. ``object_list`` is a QuerySet."""

    def __init__(self, object_list, per_page, *, limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or COUNT_LIMIT

    @cached_property
    def found(self) -> int:
        queryset = self.object_list
        if not _ordered_by_columns(queryset):
            # An order by an expression sorts every match whatever is done: counting needs none.
            queryset = queryset.order_by()
        return queryset[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)

    @property
    def capped(self) -> bool:
        return self.found > self.limit


def _ordered_by_columns(queryset) -> bool:
    """Whether the order is of the model's columns, which an index can give: the count then walks
    that index as the list does and stops at the limit. (Unordered, SQLite may count off a
    covering index on status from its closed cases on: 19 ms against 1 ms for the superuser's
    inbox at 200 000 cases.)"""
    return all(
        isinstance(term, str) and term.lstrip("-") not in queryset.query.annotations
        for term in queryset.query.order_by
    )

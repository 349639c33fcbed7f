"""Lists that grow with the data, shown as their first rows and a count (a page never lists
every one of 10 000 cities: it links to the paginated directory for the rest)."""

from dataclasses import dataclass

from django.db.models import Count, Window

CITY_LIMIT = 60
SPOTLIGHT_LIMIT = 24


@dataclass
class Excerpt:
    """The first rows of a queryset, and how many rows it has in all."""

    rows: list
    total: int

    @classmethod
    def of(cls, queryset, limit):
        # The count rides along on every row (a window over the whole selection, computed
        # before the LIMIT): one query, however long the list.
        rows = list(queryset.annotate(excerpt_total=Window(Count("pk")))[:limit])
        return cls(rows, rows[0].excerpt_total if rows else 0)

    @property
    def is_partial(self):
        return self.total > len(self.rows)

    def __bool__(self):
        return bool(self.rows)

    def __len__(self):
        return self.total

"""Query helpers shared by the apps' querysets."""

from django.db import models
from django.db.models.functions import Coalesce


def count_of(queryset):
    """A subquery giving the number of rows of `queryset` (0 when none): for annotations."""
    # A bare COUNT() function, not Count(): an aggregate would add a GROUP BY every column.
    counted = queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT"))
    return Coalesce(models.Subquery(counted.values("n"), output_field=models.IntegerField()), 0)

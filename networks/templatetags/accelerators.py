from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy

register = template.Library()

FORMAT_FOR_PRECISION = {
    "day": "DATE_FORMAT",
    "month": "YEAR_MONTH_FORMAT",
    # Django has no year-only format setting; Chinese writes the year as "2025年".
    "year": pgettext_lazy("date format for a year alone", "Y"),
}


@register.simple_tag
def launch_date(accelerator):
    """The launch date in the active language, only as precise as the sources state."""
    if not accelerator.launched_on:
        return ""
    return date_format(accelerator.launched_on, FORMAT_FOR_PRECISION[accelerator.launch_precision])

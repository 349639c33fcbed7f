from django import template
from django.utils.formats import date_format

register = template.Library()

FORMAT_FOR_PRECISION = {"day": "DATE_FORMAT", "month": "YEAR_MONTH_FORMAT", "year": "Y"}


@register.simple_tag
def launch_date(accelerator):
    """The launch date in the active language, only as precise as the sources state."""
    if not accelerator.launched_on:
        return ""
    return date_format(accelerator.launched_on, FORMAT_FOR_PRECISION[accelerator.launch_precision])

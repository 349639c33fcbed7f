from django import template
from django.utils.dateformat import format as format_date
from django.utils.translation import get_language

register = template.Library()

# One way of writing a launch date per language, only as precise as the sources state:
# "5 June 2021", "June 2021", "2021"; "2021年6月5日", "2021年6月", "2021年". Django's own
# English DATE_FORMAT ("June 5, 2021", "Oct. 11, 2019") mixes styles with YEAR_MONTH_FORMAT.
LAUNCH_FORMATS = {
    "en": {"day": "j F Y", "month": "F Y", "year": "Y"},
    "zh-hans": {"day": "Y年n月j日", "month": "Y年n月", "year": "Y年"},
}


@register.simple_tag
def launch_date(accelerator):
    """The launch date in the active language, only as precise as the sources state."""
    if not accelerator.launched_on:
        return ""
    formats = LAUNCH_FORMATS.get(get_language(), LAUNCH_FORMATS["en"])
    return format_date(accelerator.launched_on, formats[accelerator.launch_precision])

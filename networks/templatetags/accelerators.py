from django import template
from django.utils.dateformat import format as format_date
from django.utils.translation import pgettext_lazy

register = template.Library()

# A launch date is only as precise as the sources state: "5 June 2021", "June 2021", "2021";
# "2021年6月5日", "2021年6月", "2021年". Each language's catalogue gives its date formats
# (Django's English DATE_FORMAT, "June 5, 2021", mixes styles with YEAR_MONTH_FORMAT).
LAUNCH_FORMATS = {
    "day": pgettext_lazy("date format of a launch day", "j F Y"),
    "month": pgettext_lazy("date format of a launch month", "F Y"),
    "year": pgettext_lazy("date format of a launch year", "Y"),
}


@register.simple_tag
def launch_date(accelerator):
    """The launch date in the active language, only as precise as the sources state."""
    if not accelerator.launched_on:
        return ""
    return format_date(accelerator.launched_on, str(LAUNCH_FORMATS[accelerator.launch_precision]))

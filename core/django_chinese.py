"""Django 6.1's strings that its own Chinese catalogue does not have yet (the admin's empty
choice, its filter headings, "Logout" …). Named here only so `makemessages` keeps them in the
project's catalogue, which Django reads before its own: the Chinese admin shows no English."""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_IN_DJANGO = [
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Logout"),
]
MORE_OBJECTS = ngettext_lazy(
    "…and %(count)d more object.", "…and %(count)d more objects.", "count"
)

"""Strings of Django 6.1 and django-axes that have no Chinese in their own catalogues (the
admin's empty choice, its filter headings, "Logout", the sign-in records …). Named here only
so `makemessages` keeps them in the project's catalogue, which Django reads before its own:
the Chinese admin shows no English."""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_IN_DJANGO = [
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Logout"),
]
MISSING_IN_AXES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Path"),
    gettext_noop("Logout Time"),
    gettext_noop("Expires At"),
    gettext_noop("Locked Out"),
]
MORE_OBJECTS = ngettext_lazy(
    "…and %(count)d more object.", "…and %(count)d more objects.", "count"
)

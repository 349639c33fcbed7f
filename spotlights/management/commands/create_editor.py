import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from spotlights.editors import ensure_contributors_group, ensure_editors_group

PASSWORD_VARIABLE = "C40_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account in the Editors group (or add an existing user to it). "
        "Editors write and publish city spotlights and can only read the directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--contributor",
            action="store_true",
            help="In the Contributors group instead: writes spotlights, may not publish them.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Take the password from the {PASSWORD_VARIABLE} environment variable.",
        )

    def handle(self, *args, username, email, interactive, contributor=False, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        password = None
        if user is None or not user.has_usable_password():
            password = self.ask_password(interactive)
        with transaction.atomic():
            if user is None:
                user = user_model(username=username, email=email)
            user.is_staff = True
            if password:
                user.set_password(password)
            try:
                user.full_clean(exclude=["password"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.save()
            ensure_role = ensure_contributors_group if contributor else ensure_editors_group
            user.groups.add(ensure_role(Group, Permission))
        role = "a contributor" if contributor else "an editor"
        self.stdout.write(f"{username} is {role}; they sign in at /admin/.")

    def ask_password(self, interactive):
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to the new editor's password.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ; nothing was created.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

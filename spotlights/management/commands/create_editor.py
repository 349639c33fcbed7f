import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from spotlights.editors import ensure_editors_group

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
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Take the password from the {PASSWORD_VARIABLE} environment variable.",
        )

    def handle(self, *args, username, email, interactive, **options):
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
            user.groups.add(ensure_editors_group(Group, Permission))
        self.stdout.write(f"{username} is an editor; they sign in at /admin/.")

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

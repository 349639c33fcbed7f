#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c40site.settings")
    # manage.py is the developers' tool: development mode unless the environment says otherwise.
    # The servers (wsgi.py, asgi.py) default to production and refuse to start without a key.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

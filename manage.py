#!/usr/bin/env python
import os
import sys

# Commands that only read the code, never serve a request or use a secret: they run without
# a production environment (SECRET_KEY, ALLOWED_HOSTS, SITE_URL), as in development.
CODE_ONLY_COMMANDS = {"makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
    if sys.argv[1:2] and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
import os
import sys

# Commands that only read the code (they write migrations or translation catalogues and sign
# nothing) may run without DJANGO_SECRET_KEY: settings then use a random key for this process
# alone. Everything else, the server above all, still refuses to start without one.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stodplattform.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ["STODPLATTFORM_CODE_ONLY_COMMAND"] = sys.argv[1]
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

"""``python -m ibpaudit`` runs the same command as the ``ibpaudit`` script."""

from ibpaudit.cli import script

script()

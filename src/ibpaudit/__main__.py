"""``python -m ibpaudit`` runs the same command as the ``ibpaudit`` script."""

import sys

from ibpaudit.cli import main

sys.exit(main())

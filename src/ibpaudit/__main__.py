"""The ``ibpaudit`` executable and ``python -m ibpaudit``: the same command."""

from __future__ import annotations

import gc
from typing import NoReturn


def main() -> NoReturn:
    """Run the command, then end the process (see :func:`ibpaudit.cli.script`). First of
    all, before ibpaudit's modules load, the cycle collector is set as the executable
    runs it: loading them makes tens of thousands of objects that live as long as the
    process, and young collections would walk them some twenty times on the way (about
    2 ms of every run). Importing the package loads nothing (see ``ibpaudit/__init__``)."""
    gc.set_threshold(200_000, 30, 30)
    from ibpaudit.cli import script

    script()


if __name__ == "__main__":
    main()

"""ibpaudit's version: the one place it is written (the build reads it from here, see
``[tool.hatch.version]`` in pyproject.toml), so a run need not read package metadata."""

__version__ = "0.1.0"

"""ibpaudit's built-in plugins: catalog, readers, check types and reporters.

Each module is registered exactly as a third-party plugin would be; a user can block
any of them with ``--disable-plugin NAME``.
"""

"""Built-in check types; each module is one plugin offering one check type."""

"""Built-in reporters: JSON, JUnit XML and HTML, each rendered from the results document alone."""

"""Built-in reporters, one plugin per format: JSON, JUnit XML, HTML (with PDF), SARIF and a
Markdown summary, each rendered from the results document alone."""

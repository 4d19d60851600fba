"""Built-in evidence readers: YAML, CSV and Markdown with front matter."""

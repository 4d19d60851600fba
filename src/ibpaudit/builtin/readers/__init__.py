"""Built-in evidence readers, one plugin per format: YAML, CSV, Markdown with front matter,
spreadsheets (xlsx, ods, xls), Word (docx) and PDF."""

"""The report: sections, HTML page, figures, tables and manifest."""

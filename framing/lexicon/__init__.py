"""Lexicons: the YAML schema, the pattern grammar, the matcher and dictionary readers."""

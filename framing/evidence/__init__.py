"""Evidence: the passages behind every number, and the interactive term explorer."""

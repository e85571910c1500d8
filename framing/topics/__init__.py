"""Topics: document-term matrices, topic models, coherence, covariate effects, plots."""

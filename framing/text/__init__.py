"""Text layer: normalisation, tokenisers and the token index."""

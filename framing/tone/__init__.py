"""Tone: VADER, dictionaries, Latent Semantic Scaling, validation."""

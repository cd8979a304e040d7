"""Deck files to study cards: safe YAML, the pydantic deck model, validation, the starter template."""

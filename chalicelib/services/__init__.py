"""Use cases, one module per capability: plain functions taking the stores they need."""

"""Cluster and pillar classification: features, model, training, evaluation and model files."""

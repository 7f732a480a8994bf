"""spaCy side of policytext: base pipeline loading, components and the date normaliser."""

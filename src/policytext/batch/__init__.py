"""Batch runs: inputs, the runner and output sinks."""

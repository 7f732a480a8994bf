"""The embedded DuckDB result store: schema, transactional writes, queries and analyst views."""

from policytext.store.database import Store

__all__ = ["Store"]

"""Veille's store (SQLite by default, PostgreSQL by URL): see :mod:`veille.store.core`."""

from veille.store.core import AddResult, PostgresStore, SQLiteStore, Store, open_store, resolve_url
from veille.store.filters import EventFilter

__all__ = ["AddResult", "EventFilter", "PostgresStore", "SQLiteStore", "Store", "open_store", "resolve_url"]

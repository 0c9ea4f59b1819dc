"""store stage: SQLite by default, PostgreSQL for a shared server."""
from parallax.store.db import Store, database_url

__all__ = ["Store", "database_url"]

"""Key-pool stores with one interface: memory and sqlite (sql.py), redis (redis_store.py)."""

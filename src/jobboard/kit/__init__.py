"""Domain-free helpers (time, pagination, money, schema bases); imports no domain module."""

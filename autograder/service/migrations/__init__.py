"""Alembic migrations of the service's schema, run by `Database.migrate` at every start."""

"""Stores: parsed records written into the database, inside the load's transaction."""

"""Storage: models, engine set-up, migrations and the loaders that fill them."""

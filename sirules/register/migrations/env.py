"""Alembic's environment for the register: migrations run on the connection the register
opened (``config.attributes["connection"]``), never on a URL of their own."""

from alembic import context

from sirules.register.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()

"""The fund register: applications, decisions and money over the years, in a database.

Floor 5. Import its modules directly (``from sirules.register import service``); this package
file imports nothing. It may import ``language``, ``engine``, ``finance``, ``report`` and
``compare``; the command line (``cli/fund.py``) imports it.

- :mod:`.locate`: which database a command uses (``--db``, ``SIRULES_DB``, or the register file
  found in this folder or a parent, as git finds its repository).
- :mod:`.schema`: the tables, in SQLAlchemy Core (SQLite and PostgreSQL).
- :mod:`.database`: opening a register (and refusing a damaged or foreign one), migrations
  (Alembic, :mod:`.migrations`), and the one write transaction per command.
- :mod:`.journal`: money as an append-only journal, and the figures summed from it.
- :mod:`.service`: the commands (init, guideline add, submit, decide, pay, status, show, log).
- :mod:`.transfer`: export to and import from one JSON document.
- :mod:`.render`: the text reports of the commands.

SQLAlchemy and Alembic are the ``register`` extra: nothing here is imported by ``sirules check``.
"""

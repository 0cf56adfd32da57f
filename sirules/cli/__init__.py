"""The command line: floor 6, the top.

``main`` holds the argument parser, the exit codes and the one place where errors become text;
every other module is one subcommand with ``register(sub)`` and ``run(args)`` (``_util`` holds what
they share). A run imports only its own subcommand's module.

Imports: every package below.
"""

"""One module per subcommand: ``register(sub)`` adds its parser, ``run(args)`` does the work."""

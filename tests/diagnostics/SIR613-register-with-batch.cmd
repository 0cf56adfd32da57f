check tests/diagnostics/_pots.sir --batch tests/diagnostics/_pot-app.toml --register {tmp}/r.db

fund init tests/diagnostics/_pots.sir --db {tmp}/r.db --date 2014-01-01
fund submit tests/diagnostics/_pot-app.toml --db {tmp}/r.db --date 2024-01-10
fund decide 1 --grant 400000kr --pot barn --date 2024-03-01 --db {tmp}/r.db

fund init tests/diagnostics/_small-fund.sir --db {tmp}/r.db --date 2014-01-01
fund submit examples/ale/accepted-two-sectors.toml --db {tmp}/r.db
fund decide 1 --grant 2000000kr --db {tmp}/r.db

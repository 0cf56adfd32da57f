fund init guidelines/ale.sir --db {tmp}/r.db --date 2014-01-01
fund submit examples/ale/accepted-two-sectors.toml --db {tmp}/r.db --date 2014-02-01
fund decide 1 --grant 2000000kr --db {tmp}/r.db --date 2014-03-01
fund outcome 1 tests/diagnostics/_outcome-saved.toml --db {tmp}/r.db --date 2017-03-01

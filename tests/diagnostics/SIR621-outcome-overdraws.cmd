fund init tests/diagnostics/_small-fund.sir --db {tmp}/r.db --date 2014-01-01
fund submit examples/ale/accepted-two-sectors.toml examples/ale/accepted-sector-and-external.toml --db {tmp}/r.db --date 2014-02-01
fund decide 1 --grant 1000000kr --db {tmp}/r.db --date 2014-03-01
fund pay 1 1000000kr --db {tmp}/r.db --date 2014-04-01
fund outcome 1 tests/diagnostics/_outcome-saved.toml --db {tmp}/r.db --date 2017-03-01
fund decide 2 --grant 1000000kr --db {tmp}/r.db --date 2017-04-01
fund outcome 1 tests/diagnostics/_outcome-corrected.toml --db {tmp}/r.db --date 2017-05-01

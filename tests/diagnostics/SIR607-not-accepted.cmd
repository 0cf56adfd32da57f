fund init guidelines/ale.sir --db {tmp}/r.db --date 2014-01-01 --by Karin
fund submit examples/ale/accepted-two-sectors.toml examples/ale/incomplete-no-budget.toml --db {tmp}/r.db --date 2014-02-01 --by Karin
fund decide 2 --grant 100000kr --db {tmp}/r.db

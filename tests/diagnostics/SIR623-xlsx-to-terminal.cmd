fund init guidelines/ale.sir --db {tmp}/r.db --date 2014-01-01
fund export --db {tmp}/r.db --format xlsx

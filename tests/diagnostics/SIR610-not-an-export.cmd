fund import README.md --db {tmp}/copy.db

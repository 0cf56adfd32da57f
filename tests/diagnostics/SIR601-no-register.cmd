fund status --db {tmp}/no-such-register.db

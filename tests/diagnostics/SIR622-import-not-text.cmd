fund import sirules/locale/sv/LC_MESSAGES/sirules.mo --db {tmp}/copy.db

fund init guidelines/ale.sir --db guidelines/ale.sir

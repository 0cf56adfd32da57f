fund status --db guidelines/ale.sir

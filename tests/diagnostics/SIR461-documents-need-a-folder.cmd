check guidelines/ale.sir examples/ale/accepted-two-sectors.toml examples/ale/rejected-single-sector.toml --format html

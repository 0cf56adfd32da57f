calc guidelines/sormland.sir examples/sormland/calc/rehabilitering-till-arbete.toml --format xlsx

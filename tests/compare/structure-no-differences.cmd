compare tests/compare/fixtures/alpha.sir tests/compare/fixtures/alpha-en.sir --table --differences --width 100

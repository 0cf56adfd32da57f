compare tests/compare/fixtures/alpha.sir tests/compare/fixtures/beta.sir --output /dev/null

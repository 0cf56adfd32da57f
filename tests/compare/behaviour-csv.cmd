compare tests/compare/fixtures/alpha.sir tests/compare/fixtures/beta.sir --applications tests/compare/fixtures/apps --format csv

compare tests/compare/fixtures/alpha.sir@2020-12-31 tests/compare/fixtures/alpha.sir@2021-01-01 --width 80

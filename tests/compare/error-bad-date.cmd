compare tests/compare/fixtures/alpha.sir@2021-02-30 tests/compare/fixtures/beta.sir

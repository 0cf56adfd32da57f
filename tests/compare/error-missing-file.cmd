compare tests/compare/fixtures/alpha.sir tests/compare/fixtures/nope.sir

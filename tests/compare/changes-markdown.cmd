compare tests/compare/fixtures/alpha.sir tests/compare/fixtures/alpha-2024.sir --format markdown

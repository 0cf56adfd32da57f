check tests/diagnostics/_guideline-2030.sir tests/diagnostics/_app-2024.toml --strict

check tests/diagnostics/_guideline-2030.sir tests/diagnostics/_app-nodate.toml --strict

check tests/diagnostics/_guideline.sir tests/diagnostics/no-such-application.toml

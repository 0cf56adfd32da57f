check tests/diagnostics/_riktlinje-daterad.sir tests/diagnostics/_no-start-date.toml

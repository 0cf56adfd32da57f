check tests/diagnostics/_riktlinje-2030.sir tests/diagnostics/_ansokan-utan-datum.toml

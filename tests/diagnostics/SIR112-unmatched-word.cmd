check tests/diagnostics/_riktlinje-malgrupp.sir tests/diagnostics/_ansokan-malgrupp.toml

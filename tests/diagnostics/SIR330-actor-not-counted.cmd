calc tests/diagnostics/_kalkyl-kommun.sir tests/diagnostics/_kalkyl-staten.toml

check tests/diagnostics/_guideline.sir tests/diagnostics/SIR302-wrong-type.toml --date 2024-13-01

SIRULES_CACHE_DIR=/tmp check tests/diagnostics/_guideline.sir tests/diagnostics/SIR302-wrong-type.toml

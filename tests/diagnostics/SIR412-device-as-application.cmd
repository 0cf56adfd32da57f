check tests/diagnostics/_guideline.sir /dev/null

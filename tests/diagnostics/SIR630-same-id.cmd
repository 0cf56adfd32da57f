serve guidelines/ale.sir tests/diagnostics/_serve/ale.sir

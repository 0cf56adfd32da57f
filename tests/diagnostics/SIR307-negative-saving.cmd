obligations guidelines/norrkoping.sir examples/norrkoping/accepted-2019-reflow.toml --outcome tests/diagnostics/_outcome-negative.toml

obligations guidelines/malmo.sir examples/malmo/accepted-two-committees.toml --outcome tests/diagnostics/_outcome-bad-duty.toml

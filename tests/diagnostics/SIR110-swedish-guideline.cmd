check tests/diagnostics/SIR110-membership-on-amount.sir examples/ale/accepted-two-sectors.toml

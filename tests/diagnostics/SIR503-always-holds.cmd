lint tests/lint/SIR503-always-holds.sir

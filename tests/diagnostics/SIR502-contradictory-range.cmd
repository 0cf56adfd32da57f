lint tests/lint/SIR502-contradictory-range.sir

lint tests/lint/SIR502-fixed-values.sir

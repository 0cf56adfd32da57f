lint tests/lint/SIR506-no-validity.sir

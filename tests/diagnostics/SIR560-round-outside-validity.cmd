lint tests/lint/SIR560-round-outside-validity.sir

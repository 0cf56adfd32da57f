lint tests/lint/SIR521-look-alike-names.sir

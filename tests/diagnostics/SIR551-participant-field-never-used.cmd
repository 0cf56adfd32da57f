lint tests/lint/SIR551-participant-field-never-used.sir

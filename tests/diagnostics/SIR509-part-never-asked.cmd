lint tests/lint/SIR509-part-never-asked.sir

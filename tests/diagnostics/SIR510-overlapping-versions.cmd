lint tests/lint/SIR510-overlapping-versions.sir

lint tests/lint/SIR511-mixed-keywords.sir

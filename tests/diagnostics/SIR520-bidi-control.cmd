lint tests/lint/SIR520-bidi-control.sir

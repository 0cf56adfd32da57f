lint tests/lint/SIR508-part-without-description.sir

lint tests/lint/SIR505-section-without-rules.sir

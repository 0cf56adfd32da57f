lint tests/lint/SIR504-should-repeats-must.sir

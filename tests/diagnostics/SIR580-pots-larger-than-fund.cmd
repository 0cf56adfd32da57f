lint tests/lint/SIR580-pots-larger-than-fund.sir

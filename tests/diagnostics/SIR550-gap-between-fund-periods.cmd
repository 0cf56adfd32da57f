lint tests/lint/SIR550-gap-between-fund-periods.sir

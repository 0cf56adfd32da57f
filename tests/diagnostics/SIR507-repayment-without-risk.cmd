lint tests/lint/SIR507-repayment-without-risk.sir

lint tests/lint/SIR581-pot-never-read.sir

lint tests/lint/SIR501-unused-constant.sir

lint tests/lint/SIR540-permission-contradicts-must.sir

"""Benchmark harness for sirules: data generator, peer engines and agreement checks."""

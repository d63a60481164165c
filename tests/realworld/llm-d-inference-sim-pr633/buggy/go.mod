module example.com/llm-d-inference-sim-pr633

go 1.22

module example.com/ollama-pr3320

go 1.22

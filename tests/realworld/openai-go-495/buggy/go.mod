module example.com/openai-go-495

go 1.22

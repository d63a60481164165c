module example.com/centraldogma-go-pr41

go 1.22

module example.com/gouroboros-pr487

go 1.22

module example.com/coder-pr24844

go 1.22

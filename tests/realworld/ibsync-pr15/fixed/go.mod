module example.com/ibsync-pr15

go 1.22

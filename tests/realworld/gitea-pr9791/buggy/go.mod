module example.com/gitea-pr9791

go 1.22

module example.com/kbfs-pr1437

go 1.22

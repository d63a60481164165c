module example.com/wasp-legacy-pr1056

go 1.22

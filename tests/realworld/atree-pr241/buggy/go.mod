module example.com/atree-pr241

go 1.22

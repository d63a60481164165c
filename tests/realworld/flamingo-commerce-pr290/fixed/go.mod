module example.com/flamingo-commerce-pr290

go 1.22

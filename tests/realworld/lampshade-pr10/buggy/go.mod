module example.com/lampshade-pr10

go 1.22

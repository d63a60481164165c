module example.com/tollbooth-pr107

go 1.22

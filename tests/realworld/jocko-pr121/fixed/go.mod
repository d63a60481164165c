module example.com/jocko-pr121

go 1.22

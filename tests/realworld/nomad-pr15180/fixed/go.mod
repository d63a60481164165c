module example.com/nomad-pr15180

go 1.22

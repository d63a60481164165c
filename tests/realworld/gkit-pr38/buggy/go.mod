module example.com/gkit-pr38

go 1.22

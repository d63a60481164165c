module example.com/ccache-pr51

go 1.22

module go123

go 1.23

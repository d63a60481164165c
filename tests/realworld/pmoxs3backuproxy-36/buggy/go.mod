module example.com/pmoxs3backuproxy-36

go 1.22

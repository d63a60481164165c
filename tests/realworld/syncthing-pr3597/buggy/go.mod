module example.com/syncthing-pr3597

go 1.22

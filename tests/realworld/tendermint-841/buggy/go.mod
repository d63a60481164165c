module example.com/tendermint-841

go 1.22

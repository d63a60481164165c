module example.com/tendermint-pr1173

go 1.22

module example.com/rpcx-etcd-pr16

go 1.22

module example.com/juju-pubsub-pr6

go 1.22

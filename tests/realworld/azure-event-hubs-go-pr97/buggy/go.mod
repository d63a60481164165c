module example.com/azure-event-hubs-go-pr97

go 1.22

module example.com/datadog-agent-pr9745

go 1.22

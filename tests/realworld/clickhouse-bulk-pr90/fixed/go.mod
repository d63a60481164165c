module example.com/clickhouse-bulk-pr90

go 1.22

module example.com/databricks-cli-pr5519

go 1.22

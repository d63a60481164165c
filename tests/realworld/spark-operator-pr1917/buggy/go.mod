module example.com/spark-operator-pr1917

go 1.22

module example.com/milvus-pr29813

go 1.22

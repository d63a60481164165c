module example.com/0g-storage-client-162

go 1.22

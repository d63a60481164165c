module example.com/cloud-api-adaptor-pr2014

go 1.22

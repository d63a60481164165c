module example.com/istio-pr15897

go 1.22

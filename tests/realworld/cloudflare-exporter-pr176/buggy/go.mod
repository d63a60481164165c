module example.com/cloudflare-exporter-pr176

go 1.22

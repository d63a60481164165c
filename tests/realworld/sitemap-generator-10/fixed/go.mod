module example.com/sitemap-generator-10

go 1.22

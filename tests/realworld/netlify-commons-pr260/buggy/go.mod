module example.com/netlify-commons-pr260

go 1.22

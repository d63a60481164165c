module example.com/traefik-pr4185

go 1.22

module example.com/traefik-pr3036

go 1.22

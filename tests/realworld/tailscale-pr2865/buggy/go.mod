module example.com/tailscale-pr2865

go 1.22

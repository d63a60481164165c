module example.com/nextcloud-spreed-signaling-pr742

go 1.22

module example.com/p2p-pr898

go 1.22

module example.com/livekit-pr2179

go 1.22

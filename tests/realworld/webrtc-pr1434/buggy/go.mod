module example.com/webrtc-pr1434

go 1.22

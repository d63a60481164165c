module example.com/go-evdev-10

go 1.22

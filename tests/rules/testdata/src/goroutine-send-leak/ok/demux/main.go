package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
)

// shape: main hands a channel to a demultiplexer goroutine and stops reading it on a signal:
// main returns, and the process ends with the goroutine
type packet struct {
	text string
	addr net.Addr
}

func demultiplex(conn net.PacketConn, packets chan packet) {
	buf := make([]byte, 1024)
	for {
		n, addr, err := conn.ReadFrom(buf)
		if err != nil {
			return
		}
		packets <- packet{text: string(buf[:n]), addr: addr}
	}
}

func main() {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	packets := make(chan packet)
	go demultiplex(conn, packets)
	notify := make(chan os.Signal, 1)
	signal.Notify(notify, os.Interrupt)
	for {
		select {
		case p := <-packets:
			fmt.Println("packet from", p.addr, p.text)
		case <-notify:
			fmt.Println("stopping")
			return
		}
	}
}

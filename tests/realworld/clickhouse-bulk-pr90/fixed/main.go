package main

func main() {
	sender := NewClickhouse(300)
	sender.AddServer("http://127.0.0.1:8123")
	dumper := &FileDumper{Path: "dumps"}
	sender.Dumper = dumper
	dumper.Listen(sender, 30)
	select {}
}

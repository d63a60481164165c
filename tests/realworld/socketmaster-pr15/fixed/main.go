package main

import "log"

func main() {
	pg := MakeProcessGroup()
	cmd, err := pg.StartProcess("true")
	if err != nil {
		log.Fatal(err)
	}
	_ = pg.WaitProcess(cmd)
}

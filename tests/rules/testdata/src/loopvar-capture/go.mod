module loopvarfixtures

go 1.21

package lbhost

func checkHosts(hostsToCheck map[string]LBHost) map[string]LBHost {
	myChannel := make(chan LBHost)
	for _, hostValue := range hostsToCheck {
		go func(myHost LBHost) {
			myHost.Snmp_req()
			myChannel <- myHost
		}(hostValue)
	}
	for range hostsToCheck {
		myNewHost := <-myChannel
		hostsToCheck[myNewHost.Host_name] = myNewHost
	}
	return hostsToCheck
}

package tesla

import (
	"encoding/json"
	"fmt"
)

// Vehicle is one car on the account.
type Vehicle struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
	State       string `json:"state"`
	c           *Client
}

type vehiclesResponse struct {
	Response []*Vehicle `json:"response"`
}

type commandResponse struct {
	Response struct {
		Reason string `json:"reason"`
		Result bool   `json:"result"`
	} `json:"response"`
}

// Vehicles lists the cars on the account; a polling caller calls it often.
func (c *Client) Vehicles() ([]*Vehicle, error) {
	var vr vehiclesResponse
	if err := c.getJSON(c.baseURL+"/vehicles", &vr); err != nil {
		return nil, err
	}
	for _, v := range vr.Response {
		v.c = c
	}
	return vr.Response, nil
}

// Wakeup asks the car to wake up.
func (v *Vehicle) Wakeup() (bool, error) {
	body, err := v.c.post(fmt.Sprintf("%s/vehicles/%d/wake_up", v.c.baseURL, v.ID), nil)
	if err != nil {
		return false, err
	}
	var cr commandResponse
	if err := json.Unmarshal(body, &cr); err != nil {
		return false, err
	}
	return cr.Response.Result, nil
}

package ok

import "sync"

// shape: two ways to reload the configuration, each calling the registered reload callbacks
// under the reload lock; a callback does not start another reload
type Config struct {
	reloadLock sync.Mutex
	settings   map[string]string
	callbacks  []func(*Config)
}

func (c *Config) RegisterReloadCallback(f func(*Config)) {
	c.callbacks = append(c.callbacks, f)
}

func (c *Config) ReloadConfig(settings map[string]string) {
	c.reloadLock.Lock()
	defer c.reloadLock.Unlock()
	c.settings = settings
	for _, v := range c.callbacks {
		v(c)
	}
}

func (c *Config) ReloadConfigString(key, value string) {
	c.reloadLock.Lock()
	defer c.reloadLock.Unlock()
	c.settings = map[string]string{key: value}
	for _, v := range c.callbacks {
		v(c)
	}
}

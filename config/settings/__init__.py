"""Settings for Shijian: base + one module per environment, all driven by the environment."""

"""Pure careers-guidance rules: no Flask, no database, only plain values in and out."""

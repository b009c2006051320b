"""The Spark engine: the embedded scanner's own functions, run per partition on a cluster."""

"""`consult init`: reading an export's shape and drafting a config that runs as drafted."""

-- stdlib/globals/base.lua: globals every capability shares.

-- The version of the host, for scripts that check it.
GAZETTE_VERSION = "0.1.0"

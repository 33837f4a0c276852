-- stdlib/globals/ffi.lua: the ffi global (interp/lua/lffi.c, docs/ffi.md).
--
-- Calling C libraries from measures. Off unless gazette runs with --allow-ffi or
-- --allow-ffi=LIB,...; while off, every use of ffi is an error saying how to turn it on.
ffi = require "ffi"

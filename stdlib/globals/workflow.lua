-- stdlib/globals/workflow.lua: approval workflows and cases
-- (docs/workflows.md). The engine is stdlib/workflow.lua, the case store stdlib/cases.lua
-- on interp/lua/lcasestore.c.

-- workflow { id =, title =, document =, states =, initial =, events =, deadlines =, timed = }
-- defines a workflow; workflow.find(id), workflow.list(), workflow.previous.
workflow = require "workflow"
-- cases.store(path):open(...), :fire(...), :show(...), :list(...), :verify()
cases = require "cases"

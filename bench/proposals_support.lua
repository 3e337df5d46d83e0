-- wrk script for bench/proposals.py: each request is one support, POSTed as a browser's
-- form would be, by a logged-in resident to a proposal they have not supported yet.
--
-- The targets file (the first argument after "--") has one line per support:
--   <session cookie header>\t<csrf token>\t<path of the support action>
-- Each wrk thread takes every n-th line (n = the number of threads), so no two threads
-- send the same support; a thread that runs out starts its lines again (those come back
-- as "already supported" and are not counted as supports by the script).

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % tonumber(args[2]) == id then
      local cookie, token, path = line:match("^(.-)\t(.-)\t(.-)$")
      table.insert(lines, {cookie = cookie, token = token, path = path})
    end
    index = index + 1
  end
  position = 0
end

function request()
  position = position + 1
  if position > #lines then position = 1 end
  local target = lines[position]
  local headers = {
    ["Cookie"] = target.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", target.path, headers, "csrf_token=" .. target.token)
end

-- wrk script for bench/election.py: each connection is a school computer on which pupils
-- vote one after another, each with the voting code from their class slip, as a browser
-- would: the start page, the code, the ballot, the choice, the confirmation page, the
-- vote, "Du har röstat". Seven requests a vote, each carrying the session cookie and the
-- CSRF token the pages gave.
--
-- Run with as many threads as connections (wrk -t N -c N): a wrk thread's responses
-- cannot be told apart by connection, so each thread drives one browser.
--
-- The codes file (the first argument after "--") has one code a line; thread i of n (the
-- second argument) takes every n-th line, so no two threads use one code. A thread whose
-- codes run out stops. done() prints "votes <n> unexpected <n> exhausted <n>" for the
-- script to read: a vote counts when its confirmation answered with the redirect to
-- "Du har röstat"; any other answer than the one each step expects is unexpected, and the
-- thread goes on with the next code.

local PREFIX = "/ungdomsval"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % tonumber(args[2]) == id then
      table.insert(codes, line)
    end
    index = index + 1
  end
  position = 0
  step = 0
  votes = 0
  unexpected = 0
  exhausted = 0
  cookie = nil
  token = nil
  choice = nil
end

local function form(body)
  return "csrf_token=" .. token .. (body or "")
end

local function send(method, path, body)
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(method, PREFIX .. path, headers, body)
end

-- The steps of one vote: the request to send, and the status that means it went well.
local steps = {
  {function() return send("GET", "/rosta") end, 200},
  {function() return send("POST", "/rosta/kod", form("&code=" .. codes[position])) end, 302},
  {function() return send("GET", "/valsedel") end, 200},
  {function() return send("POST", "/valsedel", form("&choice=" .. choice)) end, 302},
  {function() return send("GET", "/valsedel/bekrafta") end, 200},
  {function() return send("POST", "/valsedel/bekrafta", form()) end, 302},
  {function() return send("GET", "/har-rostat") end, 200},
}

local function next_voter()
  step = 1
  cookie = nil
  position = position + 1
  if position > #codes then
    exhausted = 1
    wrk.thread:stop()
  end
end

function request()
  if step == 0 then next_voter() end
  return steps[step][1]()
end

function response(status, headers, body)
  local set_cookie = headers["Set-Cookie"]
  if set_cookie then
    local value = set_cookie:match("session=([^;]*)")
    if value then cookie = "session=" .. value end
  end
  if status ~= steps[step][2] then
    unexpected = unexpected + 1
    step = 0
    return
  end
  if step == 1 then
    token = body:match('name="csrf_token" value="([^"]+)"')
  elseif step == 3 then
    choice = body:match('name="choice" id="[^"]*" value="([^"]+)"')
  elseif step == 6 then
    votes = votes + 1
  end
  step = step + 1
  if step > #steps then step = 0 end
end

function done(summary, latency, requests)
  local total = {votes = 0, unexpected = 0, exhausted = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(total) do
      total[key] = total[key] + thread:get(key)
    end
  end
  io.write(string.format("votes %d unexpected %d exhausted %d\n",
    total.votes, total.unexpected, total.exhausted))
end

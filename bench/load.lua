-- wrk script of the load test (bench/load.py): `wrk ... --script bench/load.lua URL PATHS`.
-- Each thread's connections walk in turn the paths listed in the file PATHS (one per line),
-- so the load is spread over every public page; every response is counted by its HTTP
-- status, and done() prints the counts, wrk's errors by kind and the worst latency as
-- `load-...` lines (read by bench.load.parse_lua_report).

local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("no paths in " .. args[1])
  end
  -- Threads start at different places in the list (a prime stride apart).
  position = (offset * 997) % #paths
  statuses = {}
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("load-status %d %d\n", status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    "load-errors connect %d read %d write %d timeout %d status %d\n",
    errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
  io.write(string.format("load-latency-max-us %d\n", latency.max))
end

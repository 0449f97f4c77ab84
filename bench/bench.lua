-- wrk script: request the addresses of one URL file in a shuffled round-robin per thread, count every
-- response that is not 2xx as an error, and print the figures as one JSON line for bench/run.py.
-- Usage: wrk -t2 -c8 -d15s --latency -s bench/bench.lua http://127.0.0.1:8100 -- bench/urls/output.txt

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then
         table.insert(paths, line)
      end
   end
   -- Each thread walks its own shuffled order, so the two threads do not ask for the same page at once.
   math.randomseed(1000 + thread_number)
   for i = #paths, 2, -1 do
      local j = math.random(i)
      paths[i], paths[j] = paths[j], paths[i]
   end
   position = 0
   not_2xx = 0
   statuses = ""
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      not_2xx = not_2xx + 1
      if #statuses < 100 then
         statuses = statuses .. status .. " "
      end
   end
end

function done(summary, latency, requests)
   local errors = 0
   local examples = ""
   for _, thread in ipairs(threads) do
      errors = errors + thread:get("not_2xx")
      examples = examples .. thread:get("statuses")
   end
   local socket = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "duration_us": %d, "not_2xx": %d, "connect": %d, "read": %d, '
         .. '"write": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
         .. '"statuses": "%s"}\n',
      summary.requests, summary.duration, errors, socket.connect, socket.read, socket.write,
      socket.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, examples
   ))
end

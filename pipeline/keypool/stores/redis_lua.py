"""The Redis store's Lua scripts: each check-and-take runs as one atomic script. ``ACQUIRE``
mirrors ``keypool.selection.choose``; the others release, report failures, reconcile and learn
limits."""

FIELDS_PER_CANDIDATE = 8

ACQUIRE = """
local p = ARGV[1]
local now = tonumber(ARGV[2])
local est = tonumber(ARGV[3])
local strategy = ARGV[4]
local provider = ARGV[5]
local n = tonumber(ARGV[6])
local function num(v) if v == nil or v == '' or v == false then return nil end return tonumber(v) end
local function low(a, b) if a == nil then return b end if b == nil then return a end return math.min(a, b) end
-- ARGV[7]: the candidates as one JSON array of [fp, group, rpm, rpd, tpm, tpd, day, reset]
local rows = cjson.decode(ARGV[7])
local c = {}
local function cand(i)
  if c[i] == nil then
    local r = rows[i]
    local function lim(v) if v == cjson.null then return nil end return v end
    c[i] = {fp = r[1], grp = r[2], rpm = lim(r[3]), rpd = lim(r[4]), tpm = lim(r[5]), tpd = lim(r[6]),
      day = r[7], reset = tonumber(r[8])}
  end
  return c[i]
end
local order = {}
if strategy == 'least_used' then
  for i = 1, n do
    order[i] = i
    cand(i).used = tonumber(redis.call('HGET', p .. ':used:' .. cand(i).day, cand(i).fp) or '0')
  end
  table.sort(order, function(a, b) if c[a].used == c[b].used then return a < b end return c[a].used < c[b].used end)
else
  local cursor = redis.call('INCR', p .. ':cursor:' .. provider) - 1
  for i = 1, n do order[i] = ((cursor + i - 1) % n) + 1 end
end
local earliest = nil
local reasons = {}
for _, i in ipairs(order) do
  local k = cand(i)
  -- limits learned from the provider only ever tighten; read lazily, for the keys looked at
  local learned = redis.call('HMGET', p .. ':learned:' .. k.grp, 'rpm', 'rpd', 'tpm', 'tpd')
  k.rpm = low(k.rpm, num(learned[1])); k.rpd = low(k.rpd, num(learned[2]))
  k.tpm = low(k.tpm, num(learned[3])); k.tpd = low(k.tpd, num(learned[4]))
  local blocked = nil
  local why = ''
  local probe = 0
  local mkey = p .. ':m:' .. k.grp
  local dkey = p .. ':d:' .. k.grp .. ':' .. k.day
  if redis.call('SISMEMBER', p .. ':retired', k.fp) == 1 then
    blocked = 'inf'; why = 'retired'
  else
    local br = redis.call('HMGET', p .. ':breaker:' .. k.fp, 'state', 'open_until', 'probe')
    if br[1] == 'open' then
      local until_ = tonumber(br[2])
      if now < until_ or br[3] == '1' then blocked = math.max(until_, now + 1); why = 'circuit open' else probe = 1 end
    end
    if not blocked then
      local cool = tonumber(redis.call('GET', p .. ':cool:' .. k.grp) or '0')
      if cool > now then blocked = cool; why = 'cooling after a rate limit' end
    end
    if not blocked then
      -- the last minute per second (r:<sec> requests, t:<sec> tokens): at most 61 seconds, however busy
      local flat = redis.call('HGETALL', mkey)
      local secs, req, tok = {}, {}, {}
      for j = 1, #flat, 2 do
        local kind, sec = string.match(flat[j], '^(%a):(%d+)$')
        sec = tonumber(sec)
        if sec + 61 <= now then
          redis.call('HDEL', mkey, flat[j])
        else
          if req[sec] == nil then req[sec] = 0; tok[sec] = 0; table.insert(secs, sec) end
          if kind == 'r' then req[sec] = tonumber(flat[j + 1]) else tok[sec] = tonumber(flat[j + 1]) end
        end
      end
      table.sort(secs)
      local count, used = 0, 0
      for _, sec in ipairs(secs) do count = count + req[sec]; used = used + tok[sec] end
      if k.rpm ~= nil and count >= k.rpm then
        if k.rpm == 0 then blocked = k.reset else
          local freed = 0
          for _, sec in ipairs(secs) do
            freed = freed + req[sec]
            if freed >= count - k.rpm + 1 then blocked = sec + 61; break end
          end
        end
        why = 'requests per minute'
      elseif k.tpm ~= nil and used + est > k.tpm then
        blocked = now + 60
        if est <= k.tpm then
          local freed = 0
          for _, sec in ipairs(secs) do
            freed = freed + tok[sec]
            if freed >= used + est - k.tpm then blocked = sec + 61; break end
          end
        end
        why = 'tokens per minute'
      end
    end
    if not blocked then
      local day = redis.call('HMGET', dkey, 'req', 'tok')
      local req = tonumber(day[1] or '0')
      local tok = tonumber(day[2] or '0')
      if k.rpd ~= nil and req >= k.rpd then blocked = k.reset; why = 'requests per day'
      elseif k.tpd ~= nil and tok + est > k.tpd then blocked = k.reset; why = 'tokens per day' end
    end
  end
  if blocked == nil then
    local sec = math.floor(now)
    local member = tostring(sec)
    redis.call('HINCRBY', mkey, 'r:' .. member, 1)
    redis.call('HINCRBY', mkey, 't:' .. member, est)
    redis.call('EXPIRE', mkey, 120)
    redis.call('HINCRBY', dkey, 'req', 1)
    redis.call('HINCRBY', dkey, 'tok', est)
    redis.call('EXPIRE', dkey, math.floor(k.reset - now) + 86400)
    local ukey = p .. ':used:' .. k.day
    redis.call('HINCRBY', ukey, k.fp, 1)
    redis.call('EXPIRE', ukey, math.floor(k.reset - now) + 86400)
    redis.call('HINCRBY', p .. ':total:' .. k.fp, 'requests', 1)
    redis.call('HINCRBY', p .. ':total:' .. k.fp, 'tokens', est)
    if probe == 1 then redis.call('HSET', p .. ':breaker:' .. k.fp, 'probe', '1') end
    return {tostring(i), member, tostring(probe)}
  end
  table.insert(reasons, k.fp .. ': ' .. why)
  if blocked ~= 'inf' then
    if earliest == nil or blocked < earliest then earliest = blocked end
  end
end
local e = ''
if earliest ~= nil then e = string.format('%.3f', earliest) end
return {'0', e, table.concat(reasons, '; ')}
"""

RECONCILE = """
if redis.call('HEXISTS', KEYS[1], 'r:' .. ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 't:' .. ARGV[1], tonumber(ARGV[3]))
end
redis.call('HINCRBY', KEYS[2], 'tok', tonumber(ARGV[3]))
redis.call('HINCRBY', KEYS[3], 'tokens', tonumber(ARGV[3]))
return 1
"""

RELEASE = """
-- a successful call: reconcile its tokens and close the key's breaker, in one round trip
local delta = tonumber(ARGV[3])
if delta ~= 0 then
  if redis.call('HEXISTS', KEYS[1], 'r:' .. ARGV[1]) == 1 then
    redis.call('HINCRBY', KEYS[1], 't:' .. ARGV[1], delta)
  end
  redis.call('HINCRBY', KEYS[2], 'tok', delta)
  redis.call('HINCRBY', KEYS[3], 'tokens', delta)
end
local state = redis.call('HGET', KEYS[4], 'state')
local failures = redis.call('HGET', KEYS[4], 'failures')
if state == false and failures == false then return '' end
redis.call('HSET', KEYS[4], 'state', 'closed', 'failures', 0, 'probe', 0, 'open_until', 0)
if state == 'open' then return 'open' end
return ''
"""

FAILURE = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local threshold = tonumber(ARGV[2])
local cooloff = tonumber(ARGV[3])
local state = redis.call('HGET', key, 'state') or 'closed'
local probe = redis.call('HGET', key, 'probe') or '0'
local failures = redis.call('HINCRBY', key, 'failures', 1)
if state == 'open' and probe == '1' then
  redis.call('HSET', key, 'open_until', tostring(now + cooloff), 'probe', '0')
  return 'half_open>open'
end
if state ~= 'open' and failures >= threshold then
  redis.call('HSET', key, 'state', 'open', 'open_until', tostring(now + cooloff), 'probe', '0')
  return 'closed>open'
end
return ''
"""

LEARN = """
for i, name in ipairs({'rpm', 'rpd', 'tpm', 'tpd'}) do
  local v = ARGV[i]
  if v ~= '' then
    local old = redis.call('HGET', KEYS[1], name)
    if not old or tonumber(v) < tonumber(old) then redis.call('HSET', KEYS[1], name, v) end
  end
end
redis.call('EXPIRE', KEYS[1], 7 * 86400)
return 1
"""

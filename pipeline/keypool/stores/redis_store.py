"""Redis store: one pool shared by many processes and hosts.

Every check-and-take is one Lua script (``ACQUIRE``), which mirrors
``selection.choose``. Keys live under ``<namespace>:`` and expire: minute logs after two
minutes, day counters a day after the provider's reset, cool-downs when they end.
"""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis

from pipeline.keypool.limits import Limits
from pipeline.keypool.selection import WINDOW_S, Choice, KeyState, Strategy
from pipeline.keypool.stores.base import Candidate, Grant, Transition

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


def _minute(flat: dict[str, str], now: float) -> list[tuple[float, int, int]]:
    """The minute hash (``r:<sec>``, ``t:<sec>``) as (second, tokens, requests), live seconds only."""
    seconds: dict[int, list[int]] = {}
    for field_name, value in flat.items():
        kind, _, sec = field_name.partition(":")
        entry = seconds.setdefault(int(sec), [0, 0])
        entry[0 if kind == "t" else 1] = int(value)
    return [(float(sec), t, r) for sec, (t, r) in sorted(seconds.items()) if sec + WINDOW_S > now]


class RedisStore:
    def __init__(self, url: str, namespace: str = "pipeline:kp", max_connections: int = 64) -> None:
        # A blocking pool: a burst of callers waits for a connection instead of failing.
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=max_connections, timeout=30, decode_responses=True
        )
        self._pool = pool
        self.client: Any = aioredis.Redis(
            connection_pool=pool
        )  # Any: redis-py 7 types async commands as Awaitable[T] | T
        self.ns = namespace
        self._acquire = self.client.register_script(ACQUIRE)
        self._reconcile = self.client.register_script(RECONCILE)
        self._failure = self.client.register_script(FAILURE)
        self._release = self.client.register_script(RELEASE)
        self._encoded_cache: dict[int, tuple[list[Candidate], str]] = {}
        self._learn = self.client.register_script(LEARN)

    async def acquire(
        self,
        provider: str,
        candidates: list[Candidate],
        now: float,
        estimated_tokens: int,
        strategy: Strategy,
    ) -> Grant | Choice:
        args: list[Any] = [
            self.ns,
            repr(now),
            estimated_tokens,
            strategy,
            provider,
            len(candidates),
            self._encoded(candidates),
        ]
        index, detail, extra = await self._acquire(args=args)
        position = int(index)
        if position == 0:
            return Choice(index=None, retry_at=float(detail) if detail else None, reason=extra or "no keys")
        c = candidates[position - 1]
        return Grant(c.fingerprint, c.group, c.day, detail, estimated_tokens, extra == "1")

    def _encoded(self, candidates: list[Candidate]) -> str:
        """The candidates as one script argument; the pool reuses one list per provider-day, so cache it."""
        cached = self._encoded_cache.get(id(candidates))
        if cached is not None and cached[0] is candidates:
            return cached[1]
        encoded = json.dumps(
            [
                [
                    c.fingerprint,
                    c.group,
                    c.limits.rpm,
                    c.limits.rpd,
                    c.limits.tpm,
                    c.limits.tpd,
                    c.day,
                    c.next_reset,
                ]
                for c in candidates
            ]
        )
        if len(self._encoded_cache) > 64:
            self._encoded_cache.clear()
        self._encoded_cache[id(candidates)] = (candidates, encoded)
        return encoded

    async def reconcile(self, grant: Grant, tokens: int) -> None:
        delta = tokens - grant.estimated_tokens
        if not delta:
            return
        entry_id = grant.entry
        await self._reconcile(
            keys=[
                f"{self.ns}:m:{grant.group}",
                f"{self.ns}:d:{grant.group}:{grant.day}",
                f"{self.ns}:total:{grant.fingerprint}",
            ],
            args=[grant.entry, f"{entry_id}:{tokens}", delta],
        )

    async def release(self, grant: Grant, tokens: int | None) -> Transition | None:
        delta = 0 if tokens is None else tokens - grant.estimated_tokens
        entry_id = grant.entry
        old = await self._release(
            keys=[
                f"{self.ns}:m:{grant.group}",
                f"{self.ns}:d:{grant.group}:{grant.day}",
                f"{self.ns}:total:{grant.fingerprint}",
                f"{self.ns}:breaker:{grant.fingerprint}",
            ],
            args=[grant.entry, f"{entry_id}:{tokens}", delta],
        )
        return (
            Transition(grant.fingerprint, "half_open", "closed", "probe succeeded") if old == "open" else None
        )

    async def record_failure(
        self, fingerprint: str, now: float, threshold: int, cooloff: float
    ) -> Transition | None:
        change = await self._failure(
            keys=[f"{self.ns}:breaker:{fingerprint}"], args=[repr(now), threshold, repr(cooloff)]
        )
        if not change:
            return None
        old, new = str(change).split(">")
        return Transition(
            fingerprint,
            old,
            new,
            "probe failed" if old == "half_open" else f"{threshold} consecutive failures",
        )

    async def cool_group(self, group: str, until: float, now: float) -> None:
        key = f"{self.ns}:cool:{group}"
        current = await self.client.get(key)
        if current is None or float(current) < until:
            # relative TTL: the pool's clock decides, not this server's
            await self.client.set(key, repr(until), ex=max(1, int(until - now) + 1))

    async def retire(self, fingerprint: str, reason: str) -> Transition | None:
        added = await self.client.sadd(f"{self.ns}:retired", fingerprint)
        await self.client.hset(f"{self.ns}:retired_reason", fingerprint, reason)
        return Transition(fingerprint, "active", "retired", reason) if added else None

    async def learn_limits(self, group: str, limits: Limits) -> None:
        values = ["" if v is None else str(v) for v in (limits.rpm, limits.rpd, limits.tpm, limits.tpd)]
        await self._learn(keys=[f"{self.ns}:learned:{group}"], args=values)

    async def snapshot(self, candidates: list[Candidate], now: float) -> list[KeyState]:
        states: list[KeyState] = []
        retired = await self.client.smembers(f"{self.ns}:retired")
        for c in candidates:
            async with self.client.pipeline(transaction=False) as pipe:
                pipe.hmget(f"{self.ns}:breaker:{c.fingerprint}", "state", "open_until", "probe")
                pipe.get(f"{self.ns}:cool:{c.group}")
                pipe.hgetall(f"{self.ns}:m:{c.group}")
                pipe.hmget(f"{self.ns}:d:{c.group}:{c.day}", "req", "tok")
                pipe.hget(f"{self.ns}:used:{c.day}", c.fingerprint)
                pipe.hmget(f"{self.ns}:learned:{c.group}", "rpm", "rpd", "tpm", "tpd")
                breaker, cool, log, day, used, learned = await pipe.execute()
            states.append(
                KeyState(
                    fingerprint=c.fingerprint,
                    group=c.group,
                    limits=c.limits.tightened(Limits(*(int(v) if v else None for v in learned))),
                    retired=c.fingerprint in retired,
                    breaker="open" if breaker[0] == "open" else "closed",
                    open_until=float(breaker[1] or 0),
                    probe_taken=breaker[2] == "1",
                    cool_until=float(cool or 0),
                    minute_log=_minute(log, now),
                    day_requests=int(day[0] or 0),
                    day_tokens=int(day[1] or 0),
                    next_day_reset=c.next_reset,
                    used_today=int(used or 0),
                )
            )
        return states

    async def totals(self, fingerprints: list[str]) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for fp in fingerprints:
            data = await self.client.hgetall(f"{self.ns}:total:{fp}")
            if data:
                found[fp] = (int(data.get("requests", 0)), int(data.get("tokens", 0)))
        return found

    async def note_model(self, model_id: str, until: float, reason: str, now: float) -> None:
        # relative TTL, as for cooling: the pool's clock decides
        await self.client.set(f"{self.ns}:model:{model_id}", reason, ex=max(1, int(until - now)))

    async def model_note(self, model_id: str, now: float) -> str | None:
        value = await self.client.get(f"{self.ns}:model:{model_id}")
        return str(value) if value is not None else None

    async def clear(self) -> None:
        """Remove everything under this namespace (tests, and `keys --reset`)."""
        async for key in self.client.scan_iter(match=f"{self.ns}:*", count=500):
            await self.client.delete(key)

    async def close(self) -> None:
        await self.client.aclose()
        await self._pool.disconnect()

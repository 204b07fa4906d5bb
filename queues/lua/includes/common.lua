-- Helpers shared by the queue scripts; the loader (queues/luaScripts.ts) pastes this file where
-- a script says `--- @include "common"`.
-- Key shapes mirror queues/keys.ts: every key starts with the base '<prefix>:{q}', so keys built
-- here share the hash tag of the declared KEYS and live in the same Cluster slot.
local function alertKey(base, id) return base .. ':a:' .. id end
local function evidenceKey(base, id) return base .. ':e:' .. id end
local function commentsKey(base, id) return base .. ':c:' .. id end
local function openIndexKey(base, k) return base .. ':open:' .. k end
local function cooldownKey(base, k) return base .. ':cool:' .. k end
local function seenKey(base, id) return base .. ':seen:' .. id end
local function readyKey(base, team) return base .. ':ready:' .. team end
local function leasesKey(base, team) return base .. ':leases:' .. team end
local function snoozedKey(base, team) return base .. ':snoozed:' .. team end
local function slaKey(base, team) return base .. ':sla:' .. team end

-- The alert hash as a table (empty table when the alert does not exist).
local function readHash(key)
  local flat = redis.call('HGETALL', key)
  local h = {}
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  return h
end

-- Fields of the alert hash a change carries: what history, audit, the queue-events topic and the
-- live console need (queues/rows.ts, api/routes/events.ts), not the reasons or internal indexes.
local SNAPSHOT = { 'state', 'signal', 'severity', 'loanId', 'enterpriseId', 'assignee', 'priority', 'expectedLoss',
  'escalated', 'evidenceCount', 'enqueuedAt', 'slaDeadline', 'leaseUntil', 'snoozedUntil', 'outcome' }

-- Appends one change to the stream as flat fields: action, at, actor (JSON as given), alertId,
-- team, details (JSON, when any) and the SNAPSHOT fields of the alert after the change as
-- `a.<field>`. Flat fields rather than one JSON document: cjson costs tens of microseconds per
-- call, a large part of an enqueue, while a stream stores repeated field names once per listpack
-- node. queues/changeEntry.ts reads them back. Returns the entry id.
local function emit(stream, maxlen, action, now, actorJson, alertId, team, h, details)
  local args = { 'XADD', stream, 'MAXLEN', '~', maxlen, '*', 'action', action, 'at', now, 'actor', actorJson, 'alertId', alertId, 'team', team }
  if details then
    args[#args + 1] = 'details'
    args[#args + 1] = cjson.encode(details)
  end
  if h then
    for _, k in ipairs(SNAPSHOT) do
      local v = h[k]
      if v then
        args[#args + 1] = 'a.' .. k
        args[#args + 1] = v
      end
    end
  end
  return redis.call(unpack(args))
end

local function reply(t) return cjson.encode(t) end

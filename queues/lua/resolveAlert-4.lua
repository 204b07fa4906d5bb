--[[
  Resolves a claimed alert with an outcome, by the agent holding a live lease. The alert leaves
  every queue set, its open-alert index is freed (the next alert of this loan and signal opens a
  new one, unless its dedup key is still cooling down), and its keys expire after the retention.
  The change carries the outcome, so the mirror publishes it to collection-outcomes.

  Input:
    KEYS[1] change stream                 <base>:changes
    KEYS[2] lease set of the team         <base>:leases:<team>
    KEYS[3] SLA set of the team           <base>:sla:<team>
    KEYS[4] resolved set of the team      <base>:resolved:<team>
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] alert id
    ARGV[5] team the caller believes the alert is in
    ARGV[6] agent id
    ARGV[7] outcome JSON (a CollectionOutcome event)
    ARGV[8] retention of the resolved alert, ms
    ARGV[9] most entries kept in the resolved set
    ARGV[10] actor JSON
  Output:
    JSON {result = ok, alertId, resolvedAt} | {result = not_found, alertId}
      | {result = conflict, reason = not_holder | lease_expired | open | snoozed | resolved | moved, alertId, assignee?}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local id, team, agent, outcome, retentionMs, keep, actor = ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10]
local ak = alertKey(base, id)
local h = readHash(ak)
if not h.state then return reply({ result = 'not_found', alertId = id }) end
if h.team ~= team then return reply({ result = 'conflict', reason = 'moved', alertId = id, team = h.team }) end
if h.state ~= 'claimed' then return reply({ result = 'conflict', reason = h.state, alertId = id }) end
if h.assignee ~= agent then return reply({ result = 'conflict', reason = 'not_holder', alertId = id, assignee = h.assignee }) end
-- A lapsed lease means the alert may already be someone else's to work: claim it again first.
if tonumber(h.leaseUntil) <= now then return reply({ result = 'conflict', reason = 'lease_expired', alertId = id }) end

redis.call('HSET', ak, 'state', 'resolved', 'resolvedAt', now, 'updatedAt', now, 'outcome', outcome)
redis.call('HDEL', ak, 'leaseUntil')
redis.call('ZREM', KEYS[2], id)
redis.call('ZREM', KEYS[3], id)
redis.call('ZADD', KEYS[4], now, id)
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(keep + 1))
local idx = openIndexKey(base, h.openKey)
if redis.call('GET', idx) == id then redis.call('DEL', idx) end
for _, k in ipairs({ ak, evidenceKey(base, id), commentsKey(base, id) }) do redis.call('PEXPIRE', k, retentionMs) end
emit(stream, maxlen, 'resolved', now, actor, id, team, readHash(ak), nil)
return reply({ result = 'ok', alertId = id, resolvedAt = now })

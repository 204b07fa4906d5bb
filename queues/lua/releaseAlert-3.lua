--[[
  Gives a claimed alert back to its team's queue before the lease runs out (the holder only).

  Input:
    KEYS[1] change stream                 <base>:changes
    KEYS[2] ready set of the team         <base>:ready:<team>
    KEYS[3] lease set of the team         <base>:leases:<team>
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] alert id
    ARGV[5] team the caller believes the alert is in
    ARGV[6] agent id
    ARGV[7] actor JSON
  Output:
    JSON {result = ok, alertId} | {result = not_found, alertId}
      | {result = conflict, reason = not_holder | lease_expired | open | snoozed | resolved | moved, alertId}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local id, team, agent, actor = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local ak = alertKey(base, id)
local h = readHash(ak)
if not h.state then return reply({ result = 'not_found', alertId = id }) end
if h.team ~= team then return reply({ result = 'conflict', reason = 'moved', alertId = id, team = h.team }) end
if h.state ~= 'claimed' then return reply({ result = 'conflict', reason = h.state, alertId = id }) end
if h.assignee ~= agent then return reply({ result = 'conflict', reason = 'not_holder', alertId = id, assignee = h.assignee }) end
if tonumber(h.leaseUntil) <= now then return reply({ result = 'conflict', reason = 'lease_expired', alertId = id }) end

redis.call('HSET', ak, 'state', 'open', 'updatedAt', now)
redis.call('HDEL', ak, 'assignee', 'leaseUntil', 'claimedAt')
redis.call('ZREM', KEYS[3], id)
redis.call('ZADD', KEYS[2], h.priority, id)
emit(stream, maxlen, 'released', now, actor, id, team, readHash(ak), { previousAssignee = agent })
return reply({ result = 'ok', alertId = id })

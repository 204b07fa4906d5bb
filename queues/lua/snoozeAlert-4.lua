--[[
  Snoozes an alert until a time: it leaves the queue and comes back when the sweeper wakes it.
  The agent holding a live lease may snooze; a supervisor (force) may snooze an open or claimed
  alert. The SLA keeps running: a snooze past the deadline escalates like any late alert.

  Input:
    KEYS[1] change stream                 <base>:changes
    KEYS[2] ready set of the team         <base>:ready:<team>
    KEYS[3] lease set of the team         <base>:leases:<team>
    KEYS[4] snooze set of the team        <base>:snoozed:<team>
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] alert id
    ARGV[5] team the caller believes the alert is in
    ARGV[6] actor id
    ARGV[7] wake time, epoch ms
    ARGV[8] '1' when the actor may snooze without holding the lease (supervisor)
    ARGV[9] reason ('' none)
    ARGV[10] actor JSON
  Output:
    JSON {result = ok, alertId, until} | {result = not_found, alertId}
      | {result = conflict, reason = not_holder | lease_expired | snoozed | resolved | moved, alertId}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local id, team, who, untilMs, force, reason, actor = ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8] == '1', ARGV[9], ARGV[10]
local ak = alertKey(base, id)
local h = readHash(ak)
if not h.state then return reply({ result = 'not_found', alertId = id }) end
if h.team ~= team then return reply({ result = 'conflict', reason = 'moved', alertId = id, team = h.team }) end
if h.state == 'resolved' or h.state == 'snoozed' then return reply({ result = 'conflict', reason = h.state, alertId = id }) end
if not force then
  if h.state ~= 'claimed' or h.assignee ~= who then return reply({ result = 'conflict', reason = 'not_holder', alertId = id, assignee = h.assignee }) end
  if tonumber(h.leaseUntil) <= now then return reply({ result = 'conflict', reason = 'lease_expired', alertId = id }) end
end

redis.call('HSET', ak, 'state', 'snoozed', 'snoozedUntil', untilMs, 'updatedAt', now)
redis.call('HDEL', ak, 'assignee', 'leaseUntil', 'claimedAt')
redis.call('ZREM', KEYS[2], id)
redis.call('ZREM', KEYS[3], id)
redis.call('ZADD', KEYS[4], untilMs, id)
local details = { previousAssignee = h.assignee }
if reason ~= '' then details.reason = reason end
emit(stream, maxlen, 'snoozed', now, actor, id, team, readHash(ak), details)
return reply({ result = 'ok', alertId = id, ['until'] = untilMs })

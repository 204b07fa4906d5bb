--[[
  Reassigns an unresolved alert (supervisor or risk ops): to another team's queue, or to a named
  agent (who then holds it on an assignment lease), or both. It leaves every set of its old
  team. Time already spent counts against the new team's SLA (deadline = enqueued + its SLA);
  an alert already escalated stays escalated and is not tracked again.

  Input:
    KEYS[1] change stream                 <base>:changes
    KEYS[2] ready set of the old team     <base>:ready:<from>
    KEYS[3] lease set of the old team     <base>:leases:<from>
    KEYS[4] snooze set of the old team    <base>:snoozed:<from>
    KEYS[5] SLA set of the old team       <base>:sla:<from>
    KEYS[6] ready set of the new team     <base>:ready:<to>
    KEYS[7] lease set of the new team     <base>:leases:<to>
    KEYS[8] SLA set of the new team       <base>:sla:<to>
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] alert id
    ARGV[5] old team (as the caller read it)
    ARGV[6] new team (may equal the old)
    ARGV[7] agent to assign, or '' to put the alert back in the queue
    ARGV[8] assignment lease, ms
    ARGV[9] SLA of the new team, ms
    ARGV[10] reason
    ARGV[11] actor JSON
  Output:
    JSON {result = ok, alertId, team, assignee?} | {result = not_found, alertId}
      | {result = conflict, reason = resolved | moved, alertId, team?}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local id, from, to, agent, leaseMs, slaMs, reason, actor = ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10], ARGV[11]
local ak = alertKey(base, id)
local h = readHash(ak)
if not h.state then return reply({ result = 'not_found', alertId = id }) end
if h.team ~= from then return reply({ result = 'conflict', reason = 'moved', alertId = id, team = h.team }) end
if h.state == 'resolved' then return reply({ result = 'conflict', reason = 'resolved', alertId = id }) end

for i = 2, 5 do redis.call('ZREM', KEYS[i], id) end
redis.call('HSET', ak, 'team', to, 'updatedAt', now)
if agent ~= '' then
  local leaseId = redis.call('HINCRBY', ak, 'leaseSeq', 1)
  redis.call('HSET', ak, 'state', 'claimed', 'assignee', agent, 'leaseUntil', now + leaseMs, 'claimedAt', now, 'leaseId', leaseId)
  redis.call('HDEL', ak, 'snoozedUntil')
  redis.call('ZADD', KEYS[7], now + leaseMs, id)
else
  redis.call('HSET', ak, 'state', 'open')
  redis.call('HDEL', ak, 'assignee', 'leaseUntil', 'claimedAt', 'snoozedUntil')
  redis.call('ZADD', KEYS[6], h.priority, id)
end
if h.escalated ~= '1' then
  local deadline = tonumber(h.slaDeadline)
  if to ~= from then deadline = tonumber(h.enqueuedAt) + slaMs end
  redis.call('HSET', ak, 'slaDeadline', deadline)
  redis.call('ZADD', KEYS[8], deadline, id)
end
local details = { fromTeam = from, toTeam = to, reason = reason, previousAssignee = h.assignee }
if agent ~= '' then details.toAgent = agent end
emit(stream, maxlen, 'reassigned', now, actor, id, to, readHash(ak), details)
local out = { result = 'ok', alertId = id, team = to }
if agent ~= '' then out.assignee = agent end
return reply(out)

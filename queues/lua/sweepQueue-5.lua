--[[
  The timers of one team's queue, run every second or so by the sweeper:
    1. expired leases: the alert returns to the queue (an agent who vanished holds nothing);
    2. snoozes that are over: the alert returns to the queue;
    3. SLA deadlines passed: the alert is escalated once — its priority is multiplied by the
       team's boost and, if the team escalates elsewhere and nobody holds it, it moves there.
  At most ARGV[8] alerts per step per call, so one call never blocks Redis for long; the
  sweeper calls again while a step was full.

  Input:
    KEYS[1] change stream                 <base>:changes
    KEYS[2] ready set of the team         <base>:ready:<team>
    KEYS[3] lease set of the team         <base>:leases:<team>
    KEYS[4] snooze set of the team        <base>:snoozed:<team>
    KEYS[5] SLA set of the team           <base>:sla:<team>
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] team
    ARGV[5] escalation priority boost
    ARGV[6] team to escalate unclaimed alerts to, or ''
    ARGV[7] most alerts handled per step
    ARGV[8] actor JSON (the system)
  Output:
    JSON {leasesExpired, woken, escalated, more = true when a step hit the limit}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local team, boost, toTeam, limit, actor = ARGV[4], tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7]), ARGV[8]
local out = { leasesExpired = 0, woken = 0, escalated = 0, more = false }

local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, limit)
if #expired == limit then out.more = true end
for _, id in ipairs(expired) do
  local ak = alertKey(base, id)
  local h = readHash(ak)
  redis.call('ZREM', KEYS[3], id)
  if h.state == 'claimed' and h.team == team and tonumber(h.leaseUntil) <= now then
    redis.call('HSET', ak, 'state', 'open', 'updatedAt', now)
    redis.call('HDEL', ak, 'assignee', 'leaseUntil', 'claimedAt')
    redis.call('ZADD', KEYS[2], h.priority, id)
    emit(stream, maxlen, 'lease_expired', now, actor, id, team, readHash(ak), { previousAssignee = h.assignee, leaseUntil = tonumber(h.leaseUntil) })
    out.leasesExpired = out.leasesExpired + 1
  end
end

local waking = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, limit)
if #waking == limit then out.more = true end
for _, id in ipairs(waking) do
  local ak = alertKey(base, id)
  local h = readHash(ak)
  redis.call('ZREM', KEYS[4], id)
  if h.state == 'snoozed' and h.team == team then
    redis.call('HSET', ak, 'state', 'open', 'updatedAt', now)
    redis.call('HDEL', ak, 'snoozedUntil')
    redis.call('ZADD', KEYS[2], h.priority, id)
    emit(stream, maxlen, 'woken', now, actor, id, team, readHash(ak), nil)
    out.woken = out.woken + 1
  end
end

local late = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'LIMIT', 0, limit)
if #late == limit then out.more = true end
for _, id in ipairs(late) do
  local ak = alertKey(base, id)
  local h = readHash(ak)
  redis.call('ZREM', KEYS[5], id)
  if h.state and h.state ~= 'resolved' and h.escalated ~= '1' and h.team == team then
    local priority = tonumber(h.basePriority) * boost
    redis.call('HSET', ak, 'escalated', '1', 'escalatedAt', now, 'boost', boost, 'priority', priority, 'updatedAt', now)
    local current = team
    if h.state == 'open' then
      if toTeam ~= '' then
        redis.call('ZREM', KEYS[2], id)
        redis.call('HSET', ak, 'team', toTeam)
        current = toTeam
      end
      redis.call('ZADD', readyKey(base, current), priority, id)
    end
    local details = { slaDeadline = tonumber(h.slaDeadline) }
    if current ~= team then details.fromTeam = team end
    emit(stream, maxlen, 'escalated', now, actor, id, current, readHash(ak), details)
    out.escalated = out.escalated + 1
  end
end

return reply(out)

--[[
  Claims an alert for an agent with a lease: the given alert, or the team's highest-priority
  open one. Atomic, so two agents never hold the same alert. A lease that has run out but was
  not yet swept counts as open. Claiming an alert one already holds renews the lease.

  Input:
    KEYS[1] change stream                 <base>:changes
    KEYS[2] ready set of the team         <base>:ready:<team>
    KEYS[3] lease set of the team         <base>:leases:<team>
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] alert id, or '' for the next by priority
    ARGV[5] team the caller believes the alert is in
    ARGV[6] agent id
    ARGV[7] lease, ms
    ARGV[8] actor JSON
  Output:
    JSON {result = ok, alertId, leaseId, leaseUntil, renewed}
      | {result = empty} (no open alert) | {result = not_found, alertId}
      | {result = conflict, reason = claimed | snoozed | resolved | moved, alertId, assignee?, team?}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local wanted, team, agent, leaseMs, actor = ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]

local id, h
if wanted == '' then
  -- Highest score first. A member that is not an open alert of this team (should not happen:
  -- every move removes it) is dropped on the way rather than blocking the queue.
  for _ = 1, 10 do
    local top = redis.call('ZREVRANGE', KEYS[2], 0, 0)
    if #top == 0 then return reply({ result = 'empty' }) end
    h = readHash(alertKey(base, top[1]))
    if h.state == 'open' and h.team == team then id = top[1]; break end
    redis.call('ZREM', KEYS[2], top[1])
  end
  if not id then return reply({ result = 'empty' }) end
else
  id = wanted
  h = readHash(alertKey(base, id))
  if not h.state then return reply({ result = 'not_found', alertId = id }) end
end

if h.team ~= team then return reply({ result = 'conflict', reason = 'moved', alertId = id, team = h.team }) end

local renewed = false
if h.state == 'claimed' then
  if tonumber(h.leaseUntil) > now then
    if h.assignee ~= agent then
      return reply({ result = 'conflict', reason = 'claimed', alertId = id, assignee = h.assignee })
    end
    renewed = true
  end
elseif h.state ~= 'open' then
  return reply({ result = 'conflict', reason = h.state, alertId = id })
end

local ak = alertKey(base, id)
local leaseUntil = now + leaseMs
local leaseId = tonumber(h.leaseId or '0')
if not renewed then
  leaseId = redis.call('HINCRBY', ak, 'leaseSeq', 1)
  redis.call('HSET', ak, 'state', 'claimed', 'assignee', agent, 'claimedAt', now, 'leaseId', leaseId)
end
redis.call('HSET', ak, 'leaseUntil', leaseUntil, 'updatedAt', now)
redis.call('ZREM', KEYS[2], id)
redis.call('ZADD', KEYS[3], leaseUntil, id)
local action = 'claimed'
if renewed then action = 'renewed' end
emit(stream, maxlen, action, now, actor, id, team, readHash(ak), nil)
return reply({ result = 'ok', alertId = id, leaseId = leaseId, leaseUntil = leaseUntil, renewed = renewed })

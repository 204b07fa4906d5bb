--[[
  Adds an alert to its team's queue, or merges it into the open alert of the same subject and
  signal (one open alert per loan and signal: new evidence is appended, not duplicated). A
  repeat of a dedup key inside its cooldown, after the open alert was resolved, is suppressed;
  an incoming alert id already ingested is a redelivery and changes nothing.

  Input:
    KEYS[1] change stream                        <base>:changes
    KEYS[2] ready set of the routed team         <base>:ready:<team>
    KEYS[3] SLA set of the routed team           <base>:sla:<team>
    ARGV[1] base '<prefix>:{q}' (per-alert keys are built from it; same hash tag)
    ARGV[2] now, epoch ms
    ARGV[3] stream max length (approximate trim)
    ARGV[4] incoming alert id
    ARGV[5] routed team
    ARGV[6] open key '<subject>|<signal>'
    ARGV[7] dedup key (cooldown scope)
    ARGV[8] cooldown, ms (0 = none)
    ARGV[9] redelivery horizon, ms (how long an ingested alert id is remembered)
    ARGV[10] priority of this alert
    ARGV[11] expected loss of this alert, CNY
    ARGV[12] SLA of the routed team, ms
    ARGV[13] the alert JSON (appended to the evidence list: each entry is an alert as raised)
    ARGV[14] its reasons JSON (kept on a new queue alert for the queue lists)
    ARGV[15] most evidence entries kept
    ARGV[16] actor JSON
    ARGV[17..25] facts: signal, severity, loanId, applicationId, enterpriseId, probabilityOfDefault,
             exposure, daysPastDue, raisedAt ('' when absent; separate arguments, not JSON, to
             spare cjson)
  Output:
    array {result, queue alert id, team, rerouted-from team or ''}, result = created | appended |
    suppressed | duplicate (an array, not JSON: this is the hot path and cjson is costly)
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local incomingId, team, openKey, dedupKey = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local cooldownMs, seenMs, priority, expectedLoss, slaMs = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11], tonumber(ARGV[12])
local evidence, whyJson, maxEvidence, actor = ARGV[13], ARGV[14], tonumber(ARGV[15]), ARGV[16]
local FACTS = { 'signal', 'severity', 'loanId', 'applicationId', 'enterpriseId', 'probabilityOfDefault', 'exposure', 'daysPastDue', 'raisedAt' }
local facts = {}
for i, f in ipairs(FACTS) do facts[f] = ARGV[16 + i] end

if not redis.call('SET', seenKey(base, incomingId), '1', 'PX', seenMs, 'NX') then
  return { 'duplicate', incomingId, team, '' }
end

local RANK = { low = 1, medium = 2, high = 3, critical = 4 }

local function setCooldown(id)
  if cooldownMs > 0 then redis.call('SET', cooldownKey(base, dedupKey), id, 'PX', cooldownMs, 'NX') end
end

-- Merge into the open alert of this subject and signal, if there is one.
local existing = redis.call('GET', openIndexKey(base, openKey))
if existing then
  local ak = alertKey(base, existing)
  local h = readHash(ak)
  if h.state and h.state ~= 'resolved' then
    local ek = evidenceKey(base, existing)
    redis.call('RPUSH', ek, evidence)
    redis.call('LTRIM', ek, -maxEvidence, -1)
    local updates = { 'updatedAt', now, 'evidenceCount', tonumber(h.evidenceCount or '0') + 1 }
    if (RANK[facts.severity] or 0) > (RANK[h.severity] or 0) then
      table.insert(updates, 'severity'); table.insert(updates, facts.severity)
    end
    -- The latest figures describe the loan now; absent ones keep the previous value.
    for _, f in ipairs({ 'probabilityOfDefault', 'exposure', 'daysPastDue' }) do
      if facts[f] and facts[f] ~= '' then table.insert(updates, f); table.insert(updates, facts[f]) end
    end
    -- Worse news never lowers urgency: the base priority is the highest any evidence gave.
    local basePriority = math.max(tonumber(h.basePriority), priority)
    local effective = basePriority * tonumber(h.boost or '1')
    for _, kv in ipairs({ 'basePriority', basePriority, 'priority', effective, 'expectedLoss', math.max(tonumber(h.expectedLoss), tonumber(expectedLoss)) }) do
      table.insert(updates, kv)
    end
    local from = nil
    if h.state == 'open' and h.team ~= team then
      -- Not being worked yet and the new evidence routes elsewhere (e.g. days past due moved
      -- it from early to late collection): move it, with the new team's SLA from now.
      from = h.team
      redis.call('ZREM', readyKey(base, from), existing)
      redis.call('ZREM', slaKey(base, from), existing)
      table.insert(updates, 'team'); table.insert(updates, team)
      table.insert(updates, 'slaDeadline'); table.insert(updates, now + slaMs)
      if h.escalated ~= '1' then redis.call('ZADD', KEYS[3], now + slaMs, existing) end
    end
    redis.call('HSET', ak, unpack(updates))
    local current = h.team
    if from then current = team end
    if h.state == 'open' then redis.call('ZADD', readyKey(base, current), effective, existing) end
    setCooldown(existing)
    local after = readHash(ak)
    emit(stream, maxlen, 'appended', now, actor, existing, current, after, { sourceAlertId = incomingId, from = from })
    return { 'appended', existing, current, from or '' }
  end
end

-- A repeat inside the cooldown of an alert already resolved.
local cooling = redis.call('GET', cooldownKey(base, dedupKey))
if cooling then
  emit(stream, maxlen, 'suppressed', now, actor, incomingId, team, nil, { dedupKey = dedupKey, resolvedAlertId = cooling })
  return { 'suppressed', cooling, team, '' }
end

local ak = alertKey(base, incomingId)
local fields = {
  'alertId', incomingId, 'team', team, 'state', 'open',
  'signal', facts.signal, 'severity', facts.severity,
  'basePriority', ARGV[10], 'priority', ARGV[10], 'boost', '1', 'expectedLoss', expectedLoss, 'escalated', '0',
  'enqueuedAt', ARGV[2], 'updatedAt', ARGV[2], 'slaDeadline', tostring(now + slaMs),
  'openKey', openKey, 'dedupKey', dedupKey, 'evidenceCount', '1', 'leaseSeq', '0', 'why', whyJson, 'raisedAt', facts.raisedAt,
}
for _, f in ipairs({ 'loanId', 'applicationId', 'enterpriseId', 'probabilityOfDefault', 'exposure', 'daysPastDue' }) do
  if facts[f] and facts[f] ~= '' then table.insert(fields, f); table.insert(fields, facts[f]) end
end
redis.call('HSET', ak, unpack(fields))
redis.call('RPUSH', evidenceKey(base, incomingId), evidence)
redis.call('ZADD', KEYS[2], priority, incomingId)
redis.call('ZADD', KEYS[3], now + slaMs, incomingId)
redis.call('SET', openIndexKey(base, openKey), incomingId)
setCooldown(incomingId)
-- The hash just written, without reading it back.
local created = {}
for i = 1, #fields, 2 do created[fields[i]] = fields[i + 1] end
emit(stream, maxlen, 'enqueued', now, actor, incomingId, team, created, nil)
return { 'created', incomingId, team, '' }

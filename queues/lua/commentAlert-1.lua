--[[
  Adds a comment to an alert (kept as long as the alert is).

  Input:
    KEYS[1] change stream                 <base>:changes
    ARGV[1] base '<prefix>:{q}'
    ARGV[2] now, epoch ms
    ARGV[3] stream max length
    ARGV[4] alert id
    ARGV[5] comment JSON {at, authorId, authorRole, text}
    ARGV[6] most comments kept
    ARGV[7] actor JSON
  Output:
    JSON {result = ok, alertId, comments = count} | {result = not_found, alertId}
]]
--- @include "common"

local stream, base, now, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local id, comment, keep, actor = ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
local ak = alertKey(base, id)
local h = readHash(ak)
if not h.state then return reply({ result = 'not_found', alertId = id }) end
local ck = commentsKey(base, id)
local n = redis.call('RPUSH', ck, comment)
if n > keep then redis.call('LTRIM', ck, -keep, -1); n = keep end
-- A resolved alert's keys expire together.
local ttl = redis.call('PTTL', ak)
if ttl > 0 then redis.call('PEXPIRE', ck, ttl) end
redis.call('HSET', ak, 'updatedAt', now)
emit(stream, maxlen, 'commented', now, actor, id, h.team, readHash(ak), { comment = cjson.decode(comment) })
return reply({ result = 'ok', alertId = id, comments = n })

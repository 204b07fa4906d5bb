-- readNeighbours-1.lua: the edges of one node, bounded, with the super-node guard applied in
-- Redis so a 100,000-edge hub costs one ZCARD, not a 100,000-member reply.
-- Input:
--   KEYS[1]   adjacency ZSET of the node (member `type|o|other` or `type|i|other`, score = latest event ms)
--   ARGV[1]   superNodeDegree: above this degree no member is read
--   ARGV[2]   limit: most members returned
--   ARGV[3..] member prefixes to keep (`guarantees|o|`); none = every member
-- Output: { degree, superNode (0|1), limited (0|1), member, member, ... } most recent first
-- (ties in member order descending, as ZREVRANGE returns them)
local degree = redis.call('ZCARD', KEYS[1])
if degree > tonumber(ARGV[1]) then
  return { degree, 1, 0 }
end
local limit = tonumber(ARGV[2])
local out = { degree, 0, 0 }
if #ARGV < 3 then
  if limit > 0 then
    local members = redis.call('ZREVRANGE', KEYS[1], 0, limit - 1)
    for i = 1, #members do out[#out + 1] = members[i] end
  end
  if degree > limit then out[3] = 1 end
  return out
end
-- Filtered: scan in chunks; the degree guard above bounds the scan.
local chunk = 512
local found = 0
local start = 0
while start < degree do
  local members = redis.call('ZREVRANGE', KEYS[1], start, start + chunk - 1)
  for i = 1, #members do
    local m = members[i]
    for p = 3, #ARGV do
      local prefix = ARGV[p]
      if string.sub(m, 1, #prefix) == prefix then
        if found >= limit then
          out[3] = 1
          return out
        end
        found = found + 1
        out[#out + 1] = m
        break
      end
    end
  end
  start = start + chunk
end
return out

--[[
  Adds or replaces one identifier's entry on one list (black, grey or white) and keeps the key
  exactly as long as its longest-lived entry, so expired entries cost no memory.

  Input:
    KEYS[1] list hash of one identifier   <prefix>:{l:<kind>:<value>}
    ARGV[1] list colour: black | grey | white
    ARGV[2] entry JSON; its field `x` is the expiry in epoch ms, or null for none
    ARGV[3] the store's clock, epoch ms (the TTL is expiry − this clock, so an injected clock
            and the server's clock cannot disagree about when the key goes)
  Output:
    number of lists the identifier is on after the change
]]
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local all = redis.call('HGETALL', KEYS[1])
local latest, forever = 0, false
for i = 2, #all, 2 do
  local ok, entry = pcall(cjson.decode, all[i])
  local x = ok and entry.x or nil
  if type(x) ~= 'number' then
    forever = true
  elseif x > latest then
    latest = x
  end
end
if forever then
  redis.call('PERSIST', KEYS[1])
else
  local ttl = latest - tonumber(ARGV[3])
  if ttl < 1 then ttl = 1 end
  redis.call('PEXPIRE', KEYS[1], string.format('%.0f', ttl))
end
return #all / 2
